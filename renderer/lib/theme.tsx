/** Light and dark themes: the choice (light, dark, system), applied to <html data-theme>, and a chart palette. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getThemeChoice, resolveTheme, setThemeChoice, type ThemeChoice } from './settings.js';

export interface Palette {
  mode: 'light' | 'dark';
  text: string;
  muted: string;
  grid: string;
  axis: string;
  surface: string;
  accent: string;
  accentSoft: string;
  compare: string;
  positive: string;
  negative: string;
  series: string[];
  heat: string[];
}

const LIGHT: Palette = {
  mode: 'light',
  text: '#1c2430',
  muted: '#5b6573',
  grid: '#e8ebef',
  axis: '#c9cfd6',
  surface: '#ffffff',
  accent: '#0f766e',
  accentSoft: 'rgba(15,118,110,0.14)',
  compare: '#94a3b8',
  positive: '#15803d',
  negative: '#c2410c',
  series: ['#0f766e', '#d97706', '#4f46e5', '#db2777', '#0284c7', '#65a30d', '#7c3aed', '#b45309', '#0891b2', '#64748b'],
  heat: ['#f0fdfa', '#99f6e4', '#2dd4bf', '#0d9488', '#115e59'],
};

const DARK: Palette = {
  mode: 'dark',
  text: '#e7ecf2',
  muted: '#a3adba',
  grid: '#263140',
  axis: '#3a4657',
  surface: '#161d27',
  accent: '#2dd4bf',
  accentSoft: 'rgba(45,212,191,0.16)',
  compare: '#7b8796',
  positive: '#4ade80',
  negative: '#fb923c',
  series: ['#2dd4bf', '#fbbf24', '#a5b4fc', '#f472b6', '#38bdf8', '#a3e635', '#c4b5fd', '#fdba74', '#67e8f9', '#94a3b8'],
  heat: ['#132029', '#134e4a', '#0f766e', '#14b8a6', '#99f6e4'],
};

interface ThemeState {
  choice: ThemeChoice;
  theme: 'light' | 'dark';
  palette: Palette;
  setChoice(c: ThemeChoice): void;
}

const Ctx = createContext<ThemeState | null>(null);

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>(getThemeChoice);
  const [systemTick, setSystemTick] = useState(0);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => setSystemTick((t) => t + 1);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const theme = useMemo(() => resolveTheme(choice), [choice, systemTick]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const value = useMemo<ThemeState>(
    () => ({
      choice,
      theme,
      palette: theme === 'dark' ? DARK : LIGHT,
      setChoice(c) {
        setThemeChoice(c);
        setChoiceState(c);
      },
    }),
    [choice, theme],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useTheme(): ThemeState {
  const c = useContext(Ctx);
  if (!c) throw new Error('ThemeProvider missing');
  return c;
}

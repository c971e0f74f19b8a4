/** Light and dark themes: the choice (light, dark, system), applied to <html data-theme>, and a chart palette (common/charts/palette.ts). */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DARK, LIGHT, type Palette } from '../../common/charts/palette.js';
import { getThemeChoice, resolveTheme, setThemeChoice, type ThemeChoice } from './settings.js';

export type { Palette } from '../../common/charts/palette.js';

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
  // systemTick is a dependency on purpose: it re-resolves a 'system' choice when the OS scheme changes.
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

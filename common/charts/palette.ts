/** The chart palettes: light and dark for the screen, and print (the light one on white paper). */
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

export const LIGHT: Palette = {
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

export const DARK: Palette = {
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

/** Paper: the light palette with text a little darker, since print loses contrast. */
export const PRINT: Palette = { ...LIGHT, text: '#111827', muted: '#4b5563', axis: '#9ca3af' };

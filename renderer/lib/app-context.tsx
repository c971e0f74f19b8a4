/** What every page can reach: the data's shape (dashboardMeta), the currency, and the import entry point. */
import { createContext, useContext } from 'react';
import type { DashboardMeta } from '../../common/api-dashboards.js';

export interface AppState {
  meta: DashboardMeta | null;
  currency: string;
  /** Opens the import dialog for files (from a drop or the file picker). */
  importFiles(files: File[]): void;
  /** Opens the system file picker. */
  pickFiles(): void;
  loadSample(): void;
}

export const AppCtx = createContext<AppState | null>(null);

export function useApp(): AppState {
  const c = useContext(AppCtx);
  if (!c) throw new Error('AppCtx missing');
  return c;
}

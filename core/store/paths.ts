import os from 'node:os';
import path from 'node:path';

/** Where the owner's data lives unless --db or TILLSIGHT_DB says otherwise. */
export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Tillsight');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Tillsight');
    default:
      // Where Electron keeps the desktop app's data on Linux, so the app and the CLI share one database.
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Tillsight');
  }
}

export function resolveDbPath(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  if (process.env.TILLSIGHT_DB) return path.resolve(process.env.TILLSIGHT_DB);
  return path.join(defaultDataDir(), 'tillsight.db');
}

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
      return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'tillsight');
  }
}

export function resolveDbPath(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  if (process.env.TILLSIGHT_DB) return path.resolve(process.env.TILLSIGHT_DB);
  return path.join(defaultDataDir(), 'tillsight.db');
}

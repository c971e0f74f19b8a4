import fs from 'node:fs';
import { openDb, type Db } from '../core/store/db.js';
import { resolveDbPath } from '../core/store/paths.js';
import { UserError } from './errors.js';

/** Opens the database named by --db / TILLSIGHT_DB / the default location. */
export function openCliDb(dbOption: string | undefined, { mustExist = false } = {}): { db: Db; dbPath: string } {
  const dbPath = resolveDbPath(dbOption);
  if (mustExist && !fs.existsSync(dbPath)) throw new UserError(`no database at ${dbPath} (import a file first, or pass --db PATH)`);
  try {
    return { db: openDb(dbPath), dbPath };
  } catch (e) {
    throw new UserError(`cannot open the database ${dbPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

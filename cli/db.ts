import fs from 'node:fs';
import { openDb, type Db } from '../core/store/db.js';
import { describeDbError } from '../core/store/db-errors.js';
import { resolveDbPath } from '../core/store/paths.js';
import { UserError } from './errors.js';

/**
 * Opens the database named by --db / TILLSIGHT_DB / the default location.
 * `mustExist`: a command that only reads (status, kpis, export…) says there is
 * no database at that path and creates nothing (no folder, no empty file).
 */
export function openCliDb(
  dbOption: string | undefined,
  { mustExist = false, busyTimeoutMs }: { mustExist?: boolean; busyTimeoutMs?: number } = {},
): { db: Db; dbPath: string } {
  const dbPath = resolveDbPath(dbOption);
  if (mustExist && !fs.existsSync(dbPath)) throw new UserError(`there is no database at ${dbPath} (check --db, or import a file first)`);
  try {
    return { db: openDb(dbPath, { busyTimeoutMs }), dbPath };
  } catch (e) {
    throw dbUserError(e, dbPath, 'cannot open the database');
  }
}

/** A SQLite fault as the owner's one sentence; anything else keeps its own message after `what`. */
export function dbUserError(e: unknown, dbPath: string, what: string): UserError {
  const d = describeDbError(e, dbPath);
  if (d) return new UserError(d.message, 1, d.fault);
  return new UserError(`${what} ${dbPath}: ${e instanceof Error ? e.message : String(e)}`);
}

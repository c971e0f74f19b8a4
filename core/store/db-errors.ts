/**
 * SQLite's failures as one sentence the owner can act on. The database is the
 * owner's only analysed copy of their sales, so every such sentence also says
 * what happened to the data (nothing already there is lost: each write is one
 * transaction, rolled back whole).
 */
import path from 'node:path';
import { runningImport } from './activity.js';

export type DbFault = 'busy' | 'full' | 'read-only' | 'cannot-open' | 'damaged';

export interface DescribedDbError {
  fault: DbFault;
  message: string;
}

function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** The owner's sentence for a SQLite error, or null when `e` is not one of the faults below. */
export function describeDbError(e: unknown, dbPath: string): DescribedDbError | null {
  const code = sqliteCode(e);
  if (!code) return null;
  const where = dbPath === ':memory:' ? 'the database' : `the database ${path.resolve(dbPath)}`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { fault: 'busy', message: busySentence(dbPath) };
  if (code === 'SQLITE_FULL') {
    return {
      fault: 'full',
      message: `the disk is full (or ${where} reached its size limit): this change was not written and everything already there is intact; free some space and try again`,
    };
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return {
      fault: 'read-only',
      message: `${where} is read-only (check the file's and its folder's permissions, or a disk mounted read-only): nothing was changed`,
    };
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return { fault: 'cannot-open', message: `cannot open ${where} (check that its folder exists and that you may write there)` };
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return { fault: 'damaged', message: `${where} is damaged or is not a Tillsight database: restore a backup ("tillsight restore --list")` };
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return {
      fault: 'cannot-open',
      message: `the disk failed while reading or writing ${where} (${code}): this change was not written; check the disk and try again`,
    };
  }
  return null;
}

/** Why the database is busy, as precisely as the import marker allows. */
export function busySentence(dbPath: string): string {
  const running = dbPath === ':memory:' ? null : runningImport(dbPath);
  if (running) {
    return `an import is running (${path.basename(running.file)}, process ${running.pid}, since ${running.startedAt.slice(11, 19)} UTC): the database will be ready when it ends; try again then`;
  }
  return 'another Tillsight window or command is writing to the database: try again in a moment, when it is done';
}

export function isBusyError(e: unknown): boolean {
  const code = sqliteCode(e);
  return !!code && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

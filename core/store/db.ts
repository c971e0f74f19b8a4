import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { backupBeforeMigration } from './backup.js';
import { migrations } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the Tillsight database and brings its schema up to date.
 * WAL keeps readers (dashboards) unblocked while an import writes, and with
 * synchronous=NORMAL a committed import survives a killed process.
 */
export function openDb(file: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 0'); // leaving rollback mode is tried once, not waited for (see below)
  if (!options.readonly) {
    try {
      db.pragma('journal_mode = WAL');
    } catch (e) {
      // A large import in another process holds the file in rollback-journal
      // mode (writeOnceIfAlone). This connection reads meanwhile, and follows
      // the file back to WAL when that import ends: SQLite reads the mode from
      // the file's header at each transaction.
      if (!isBusy(e)) throw e;
    }
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  // An import holding the file makes even the schema check below wait this long before SQLITE_BUSY.
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.pragma('cache_size = -65536'); // 64 MiB page cache
  db.pragma('temp_store = MEMORY');
  if (!options.readonly) migrate(db);
  return db;
}

function isBusy(e: unknown): boolean {
  return e instanceof Error && (e as { code?: string }).code === 'SQLITE_BUSY';
}

/**
 * Prepares one large write transaction (the import of a big file) to write
 * each page once. In WAL mode SQLite writes every new page twice: into the
 * WAL at commit, then into the database at the checkpoint, each followed by
 * an fsync. The rollback journal writes new pages straight into the database
 * (only pages that held data before are copied to the journal), and SQLite's
 * own documentation advises it for transactions of many megabytes. On the
 * real 46 MB export it saves about 0.3 s of a 3.7 s import, and on a 1.5 GB
 * file the import took 123 s against 137–146 s (bench/import.ts, README).
 *
 * Leaving WAL is only possible when no other connection has the file open
 * (SQLite answers SQLITE_BUSY at once otherwise), so the app's dashboards,
 * which hold a connection, are never blocked by it: with company, the import
 * simply stays in WAL. A program that opens the file while such an import runs
 * reads the old state until SQLite writes the import's pages into the file;
 * from then on its reads wait (busy_timeout) and, past 5 s, fail with
 * SQLITE_BUSY until the import ends.
 *
 * The page cache is made smaller meanwhile (16 MB), so SQLite hands pages to
 * the file as the import goes instead of all at the commit, and when the
 * reading ends the caller asks the disk to write what it has so far
 * (`flushSoFar`: one fdatasync in libuv's thread pool) while the last batches
 * and the summaries are finished; the commit's own fsync then has only the
 * rest (0.12 s less on the real export). Flushing every 250 ms instead saved
 * less there and cost 10% on a 1.5 GB file: not kept.
 */
export interface WriteOnce {
  /** True when the file left WAL for this transaction (other programs' reads wait until it ends). */
  readonly active: boolean;
  /** Starts writing to disk what SQLite has handed to the file so far; returns at once. */
  flushSoFar(): void;
  /** Puts the file back into WAL, after the transaction. */
  backToWal(): void;
}

export function writeOnceIfAlone(db: Db): WriteOnce {
  const stay: WriteOnce = { active: false, flushSoFar: () => {}, backToWal: () => {} };
  if (db.memory || db.pragma('journal_mode', { simple: true }) !== 'wal') return stay;
  try {
    if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') return stay;
  } catch (e) {
    if (isBusy(e)) return stay;
    throw e;
  }
  // In rollback mode synchronous=NORMAL may corrupt the file on a power cut; FULL
  // (the sqlite3 CLI's default) may not. Its extra fsync is of the small journal.
  db.pragma('synchronous = FULL');
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${WRITE_ONCE_CACHE_KIB}`);
  return {
    active: true,
    flushSoFar: () => {
      const fd = flushDescriptor(path.resolve(db.name));
      // Only ever an extra flush: SQLite's own fsync makes the commit durable, so a failure is ignored.
      if (fd !== null) fs.fdatasync(fd, () => {});
    },
    backToWal: () => {
      db.pragma(`cache_size = ${cache}`);
      db.pragma('synchronous = NORMAL');
      try {
        db.pragma('journal_mode = WAL');
      } catch (e) {
        // Another connection opened the file meanwhile and is reading; the next openDb switches back.
        if (!isBusy(e)) throw e;
      }
    },
  };
}

/** Page cache of a write-once import, in KiB (negative: SQLite's unit for a size). */
const WRITE_ONCE_CACHE_KIB = -16384;

/**
 * One descriptor per database file for flushSoFar, open until the process
 * ends: closing any descriptor of a file drops every POSIX lock the process
 * holds on it, SQLite's included, so it is never closed while a connection may
 * use the file. (Only a process alone with the database gets here: the CLI.)
 */
const flushDescriptors = new Map<string, number>();

function flushDescriptor(file: string): number | null {
  let fd = flushDescriptors.get(file);
  if (fd === undefined) {
    try {
      fd = fs.openSync(file, 'r+'); // writable: Windows flushes only a handle open for writing
    } catch {
      return null;
    }
    flushDescriptors.set(file, fd);
  }
  return fd;
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

function migrate(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = schemaVersion(db);
  // Each migration is applied once, by whether its own number is recorded (not by the highest number):
  // a database made by a build that had a later migration but not an earlier one still gets the earlier.
  const applied = () => new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const missing = migrations.filter((m) => !applied().has(m.version));
  // A database that holds data is copied before its schema changes: an upgrade can always be undone (backup.ts).
  if (current > 0 && !db.memory && missing.length) {
    try {
      backupBeforeMigration(db, db.name, current);
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('SQLITE_')) throw e; // disk full, read-only…: said as such by db-errors.ts
      throw new Error(`could not back up the database before upgrading its schema, so nothing was changed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const m of missing) {
    // BEGIN IMMEDIATE: two processes opening a fresh file must not both migrate it.
    db.transaction(() => {
      if (applied().has(m.version)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

/**
 * Folds the WAL into the database file and empties it (SQLite's TRUNCATE checkpoint): the desktop
 * app's host does it when it closes, so the file alone holds everything. `busy` is 1 when a reader
 * kept some pages from being copied; `log` and `checkpointed` count pages.
 */
export function checkpointWal(db: Db): { busy: number; log: number; checkpointed: number } {
  const row = (db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy?: number; log?: number; checkpointed?: number }>)[0];
  return { busy: Number(row?.busy ?? 0), log: Number(row?.log ?? 0), checkpointed: Number(row?.checkpointed ?? 0) };
}

/**
 * Backups of the owner's database, kept beside it in `backups/`:
 *  - before every schema migration (openDb → migrate), so an upgrade can always be undone;
 *  - on a schedule while the app runs (startBackupSchedule), keeping the last N;
 *  - on request (`tillsight backup`, the API's backupNow), and before every restore.
 *
 * Scheduled and requested backups use SQLite's online backup API
 * (better-sqlite3's `db.backup()`): it copies a consistent snapshot page by page
 * while the app keeps reading and writing. The backup before a migration is
 * taken with `VACUUM INTO`, because opening a database is synchronous (every
 * host opens it before it does anything else) and the online backup API in
 * better-sqlite3 is asynchronous; both give a consistent, complete copy.
 *
 * A backup is written under a `.partial` name and renamed when complete, so a
 * process killed half-way never leaves a half backup in the list.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';

export type BackupReason = 'manual' | 'scheduled' | 'before-migration' | 'before-restore';

export interface BackupInfo {
  /** File name inside the backups folder: what `restore` takes. */
  name: string;
  file: string;
  createdAt: string;
  reason: BackupReason;
  bytes: number;
}

/** How many backups of each kind are kept unless the caller says otherwise. */
export const DEFAULT_KEEP = 7;

const NAME = /^tillsight-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(manual|scheduled|before-migration|before-restore)(?:-v\d+)?\.db$/;

export function backupDir(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'backups');
}

function newName(reason: BackupReason, suffix = ''): string {
  return `tillsight-${new Date().toISOString().replace(/[:.]/g, '-')}-${reason}${suffix}.db`;
}

/** Every complete backup of this database, newest first. */
export function listBackups(dbPath: string): BackupInfo[] {
  const dir = backupDir(dbPath);
  if (!fs.existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const stamp = m[1];
    const createdAt = `${stamp.slice(0, 10)}T${stamp.slice(11, 13)}:${stamp.slice(14, 16)}:${stamp.slice(17, 19)}.${stamp.slice(20, 23)}Z`;
    out.push({ name, file, createdAt, reason: m[2] as BackupReason, bytes: fs.statSync(file).size });
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
}

/** Removes all but the newest `keep` backups of one reason (a restore's and a migration's safety copies are pruned apart). */
export function pruneBackups(dbPath: string, reason: BackupReason, keep: number): void {
  for (const b of listBackups(dbPath)
    .filter((x) => x.reason === reason)
    .slice(Math.max(keep, 1)))
    fs.rmSync(b.file, { force: true });
}

function finish(partial: string, dbPath: string, reason: BackupReason, keep: number): BackupInfo {
  const file = partial.slice(0, -'.partial'.length);
  fs.renameSync(partial, file);
  pruneBackups(dbPath, reason, keep);
  const info = listBackups(dbPath).find((b) => b.file === file);
  if (!info) throw new Error(`the backup ${file} disappeared`);
  return info;
}

/** A consistent copy of the open database through SQLite's online backup API. */
export async function backupNow(
  db: Db,
  dbPath: string,
  reason: Exclude<BackupReason, 'before-migration'> = 'manual',
  keep = DEFAULT_KEEP,
): Promise<BackupInfo> {
  const dir = backupDir(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  const partial = path.join(dir, newName(reason) + '.partial');
  try {
    await db.backup(partial);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
  return finish(partial, dbPath, reason, keep);
}

/** The synchronous copy taken before a schema migration (see the header). */
export function backupBeforeMigration(db: Db, dbPath: string, fromVersion: number, keep = DEFAULT_KEEP): BackupInfo {
  const dir = backupDir(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  const partial = path.join(dir, newName('before-migration', `-v${fromVersion}`) + '.partial');
  try {
    db.prepare('VACUUM INTO ?').run(partial);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
  return finish(partial, dbPath, 'before-migration', keep);
}

export class BackupNotUsable extends Error {}

/** Checks that a file is a whole Tillsight database: opens, passes integrity_check, has a schema version. */
export function checkBackup(file: string): { schemaVersion: number; lines: number } {
  let b: Database.Database;
  try {
    b = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BackupNotUsable(`cannot open the backup ${path.basename(file)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const ok = b.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new BackupNotUsable(`the backup ${path.basename(file)} is damaged (${String(ok)})`);
    const v = b.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get()
      ? ((b.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0)
      : 0;
    if (!v) throw new BackupNotUsable(`${path.basename(file)} is not a Tillsight database`);
    const lines = b.prepare("SELECT name FROM sqlite_master WHERE name = 'sales_lines'").get()
      ? (b.prepare('SELECT count(*) FROM sales_lines').pluck().get() as number)
      : 0;
    return { schemaVersion: v, lines };
  } catch (e) {
    if (e instanceof BackupNotUsable) throw e;
    throw new BackupNotUsable(`the backup ${path.basename(file)} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    b.close();
  }
}

/** A backup named by the owner: a name from the list, or a path to a file. */
export function findBackup(dbPath: string, nameOrFile: string): string {
  const inList = listBackups(dbPath).find(
    (b) => b.name === nameOrFile || (b.name === path.basename(nameOrFile) && path.dirname(path.resolve(nameOrFile)) === backupDir(dbPath)),
  );
  if (inList) return inList.file;
  if (/[\\/]/.test(nameOrFile) && fs.existsSync(nameOrFile)) return path.resolve(nameOrFile);
  throw new BackupNotUsable(`there is no backup "${nameOrFile}" (see "tillsight backup --list")`);
}

/**
 * Puts a backup's content in place of the database's, through the online backup
 * API (other connections, the app's included, see the restored data at their
 * next read; nobody reads a half-copied file). The current content is backed up
 * first ('before-restore'), so a restore can itself be undone.
 */
export async function restoreBackup(
  db: Db,
  dbPath: string,
  nameOrFile: string,
): Promise<{ restored: string; safetyBackup: BackupInfo; schemaVersion: number; lines: number }> {
  const file = findBackup(dbPath, nameOrFile);
  const checked = checkBackup(file);
  const safetyBackup = await backupNow(db, dbPath, 'before-restore');
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const want = contentDigest(src);
    // The copy runs in one write transaction on the destination: whole or not at all. better-sqlite3's
    // backup() resolves without copying when that write lock is taken (another program is writing), so
    // the result is checked, and tried again for as long as SQLite's busy timeout would wait.
    const deadline = Date.now() + RESTORE_WAIT_MS;
    for (;;) {
      await src.backup(path.resolve(dbPath));
      if (contentDigest(db) === want) break;
      if (Date.now() > deadline) throw Object.assign(new Error('the database is busy: the backup was not restored'), { code: 'SQLITE_BUSY' });
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    src.close();
  }
  return { restored: path.basename(file), safetyBackup, ...checked };
}

const RESTORE_WAIT_MS = 5000;

/** Schema version, every table's row count, and sums over the lines: equal for a database and its restored copy. */
export function contentDigest(db: Database.Database): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const parts: unknown[] = tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get()]);
  if (tables.includes('sales_lines')) parts.push(db.prepare('SELECT total(line_key), total(net), max(id) FROM sales_lines').raw().get());
  if (tables.includes('schema_migrations')) parts.push(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get());
  return JSON.stringify(parts);
}

export interface BackupSchedule {
  stop(): void;
}

/**
 * While a host runs: a backup when the newest scheduled one is older than
 * `everyMs` (looked at a minute after start, then hourly), keeping the last `keep`. Skipped while the data
 * has not changed since the last one, and when the database is empty. A
 * failed backup (disk full…) goes to `onError` and is tried again next time.
 */
export function startBackupSchedule(
  getDb: () => Db | undefined,
  dbPath: string,
  { everyMs = 24 * 3600_000, keep = DEFAULT_KEEP, onError }: { everyMs?: number; keep?: number; onError?: (e: unknown) => void } = {},
): BackupSchedule {
  let lastChanges: number | null = null;
  let running = false;
  const tick = async () => {
    if (running) return;
    const newest = listBackups(dbPath).find((b) => b.reason === 'scheduled');
    if (newest && Date.now() - Date.parse(newest.createdAt) < everyMs) return;
    const db = getDb(); // a host that could not open the database yet (an import held it) has none
    if (!db) return;
    running = true;
    try {
      const total = db.prepare('SELECT count(*) FROM import_batches').pluck().get() as number;
      const changes = db.pragma('data_version', { simple: true }) as number;
      if (total === 0 || (newest && lastChanges === changes)) return;
      await backupNow(db, dbPath, 'scheduled', keep);
      lastChanges = changes;
    } catch (e) {
      onError?.(e);
    } finally {
      running = false;
    }
  };
  // The first look waits a little (at most a minute): a host starting up is busy showing the dashboards.
  let timer: NodeJS.Timeout = setTimeout(
    () => {
      void tick();
      timer = setInterval(() => void tick(), Math.max(50, Math.min(everyMs, 3600_000)));
      timer.unref();
    },
    Math.min(everyMs, 60_000),
  );
  timer.unref();
  return { stop: () => clearTimeout(timer) };
}

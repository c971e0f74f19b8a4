/**
 * Who is writing the database right now, for the sentence another program
 * shows while it must wait. An import writes a small marker file beside the
 * database (`<db>.importing`: process id, file, start time) for as long as
 * its transaction lasts; a program that finds the database busy reads it to
 * say "an import of X is running" instead of "database is locked".
 *
 * The marker is only ever advice: SQLite's own locks decide who may write. A
 * marker left by a killed process names a process that no longer exists and
 * is ignored (and replaced by the next import).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ImportActivity {
  pid: number;
  file: string;
  startedAt: string;
  /** Written through the rollback journal (a big file, the CLI alone with the database): readers wait until it ends. */
  writeOnce: boolean;
}

export function activityFile(dbPath: string): string {
  return `${path.resolve(dbPath)}.importing`;
}

/** Records that this process imports `file` into `dbPath`; the returned function removes the record. */
export function markImportRunning(dbPath: string, file: string, writeOnce: boolean): () => void {
  if (dbPath === ':memory:' || dbPath === '') return () => {};
  const marker = activityFile(dbPath);
  const body: ImportActivity = { pid: process.pid, file, startedAt: new Date().toISOString(), writeOnce };
  try {
    fs.writeFileSync(marker, JSON.stringify(body));
  } catch {
    return () => {}; // a read-only folder: the import itself will say what is wrong
  }
  return () => {
    try {
      const now = JSON.parse(fs.readFileSync(marker, 'utf8')) as ImportActivity;
      if (now.pid === process.pid) fs.rmSync(marker, { force: true });
    } catch {
      /* already gone */
    }
  };
}

/** The import running on `dbPath` in another live process, or null. */
export function runningImport(dbPath: string): ImportActivity | null {
  let a: ImportActivity;
  try {
    a = JSON.parse(fs.readFileSync(activityFile(dbPath), 'utf8')) as ImportActivity;
  } catch {
    return null;
  }
  if (!Number.isInteger(a.pid) || !isAlive(a.pid)) return null;
  return a;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/**
 * Backups, restore and "export everything" (core/store/backup.ts, export.ts),
 * through the real CLI and the API: real SQLite files, a second connection
 * held open as the app would, and expected figures read straight from the
 * database being copied.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { callApi, type ApiContext } from '../core/api/index.js';
import { backupNow, checkBackup, listBackups, restoreBackup, startBackupSchedule } from '../core/store/backup.js';
import { openDb, type Db } from '../core/store/db.js';
import { layout, runCli, tempDir } from './helpers/import-fixtures.js';

const count = (db: Db, table = 'sales_lines') => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

function shop(): string {
  const dbFile = path.join(tempDir('tillsight-backup-'), 'shop.db');
  const r = runCli(['import', layout('Online Retail.csv'), '--db', dbFile]);
  assert.equal(r.status, 0, r.stderr);
  return dbFile;
}

/** A minimal RFC 4180 reader, independent of the exporter. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

describe('backup and restore', () => {
  it('tillsight backup, import more, tillsight restore: the data is as it was, and the replaced data is kept', () => {
    const dbFile = shop();
    const b = runCli(['backup', '--db', dbFile, '--json']);
    assert.equal(b.status, 0, b.stderr);
    const backup = JSON.parse(b.stdout) as { name: string; file: string };
    assert.ok(fs.existsSync(backup.file));
    assert.equal(runCli(['import', layout('online_retail_II.csv'), '--db', dbFile]).status, 0);
    // The app has the database open meanwhile: the restore must reach it too.
    const app = openDb(dbFile);
    const before = count(app);
    assert.equal(before, 28);
    const r = runCli(['restore', backup.name, '--db', dbFile, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { restored: string; safetyBackup: string; lines: number };
    assert.equal(out.lines, 16);
    assert.equal(count(app), 16, 'the open connection reads the restored data');
    assert.equal(app.pragma('integrity_check', { simple: true }), 'ok');
    app.close();
    // The restore itself can be undone: the safety copy holds the 28 lines.
    const safety = listBackups(dbFile).find((x) => x.name === out.safetyBackup)!;
    assert.equal(safety.reason, 'before-restore');
    assert.equal(checkBackup(safety.file).lines, 28);
    assert.equal(runCli(['restore', safety.name, '--db', dbFile]).status, 0);
    const db = openDb(dbFile);
    assert.equal(count(db), 28);
    db.close();
  });

  it('a damaged backup is refused with a sentence, and the database is left alone', () => {
    const dbFile = shop();
    const junk = path.join(tempDir(), 'damaged.db');
    fs.writeFileSync(junk, Buffer.concat([fs.readFileSync(dbFile).subarray(0, 4096), Buffer.alloc(4096, 7)]));
    const r = runCli(['restore', junk, '--db', dbFile]);
    assert.equal(r.status, 1);
    assert.match(r.stderr.trim(), /damaged|cannot be read|not a Tillsight database|cannot open/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    const db = openDb(dbFile);
    assert.equal(count(db), 16);
    db.close();
    const missing = runCli(['restore', 'tillsight-nope.db', '--db', dbFile]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /there is no backup "tillsight-nope.db"/);
  });

  it('keeps the last N, never lists a half-written backup, and the schedule backs up a changed database', async () => {
    const dbFile = shop();
    for (let i = 0; i < 4; i++) assert.equal(runCli(['backup', '--db', dbFile, '--keep', '2']).status, 0);
    assert.equal(listBackups(dbFile).filter((b) => b.reason === 'manual').length, 2);
    fs.writeFileSync(path.join(path.dirname(dbFile), 'backups', 'tillsight-2030-01-01T00-00-00-000Z-manual.db.partial'), 'half');
    assert.ok(listBackups(dbFile).every((b) => !b.name.endsWith('.partial')));
    const db = openDb(dbFile);
    try {
      const errors: unknown[] = [];
      const schedule = startBackupSchedule(() => db, dbFile, { everyMs: 100, keep: 2, onError: (e) => errors.push(e) });
      await new Promise((r) => setTimeout(r, 600));
      schedule.stop();
      assert.deepEqual(errors, []);
      const scheduled = listBackups(dbFile).filter((b) => b.reason === 'scheduled');
      assert.ok(scheduled.length >= 1 && scheduled.length <= 2, `${scheduled.length} scheduled backups`);
      assert.equal(checkBackup(scheduled[0].file).lines, 16);
    } finally {
      db.close();
    }
  });

  it('restoring into a database another connection is writing waits for it or says it is busy, never half-restores', async () => {
    const dbFile = shop();
    const db = openDb(dbFile);
    const b = await backupNow(db, dbFile, 'manual');
    const writer = openDb(dbFile);
    writer.pragma('busy_timeout = 0');
    db.exec("INSERT INTO meta(key, value) VALUES ('after-backup', '1')");
    writer.exec("BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('writer', '1');");
    // The writer holds its lock past the restore's patience: busy, and nothing restored.
    await assert.rejects(restoreBackup(db, dbFile, b.name), (e: unknown) => (e as { code?: string }).code === 'SQLITE_BUSY');
    assert.equal(db.prepare("SELECT count(*) FROM meta WHERE key = 'after-backup'").pluck().get(), 1, 'nothing was restored');
    writer.exec('COMMIT');
    // It ends half-way through the restore's wait: the restore goes through.
    writer.exec("BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('writer2', '1');");
    setTimeout(() => writer.exec('COMMIT'), 1000);
    await restoreBackup(db, dbFile, b.name);
    assert.equal(
      db.prepare("SELECT count(*) FROM meta WHERE key IN ('after-backup', 'writer', 'writer2')").pluck().get(),
      0,
      'the rows written after the backup are gone',
    );
    writer.close();
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(count(db), 16);
    db.close();
  });
});

describe('export everything', () => {
  it('tillsight export --out DIR writes every table as CSV, with counts and values equal to the database', () => {
    const dbFile = shop();
    const out = path.join(tempDir(), 'export');
    const r = runCli(['export', '--out', out, '--db', dbFile, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const db = new Database(dbFile, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { tables: Record<string, { rows: number }> };
      for (const t of tables) {
        const rows = readCsv(fs.readFileSync(path.join(out, `${t}.csv`), 'utf8'));
        assert.equal(rows.length - 1, count(db, t), `${t}.csv rows`);
        assert.equal(manifest.tables[t].rows, count(db, t));
        const cols = (db.prepare(`SELECT * FROM ${t} LIMIT 0`).columns() as Array<{ name: string }>).map((c) => c.name);
        assert.deepEqual(rows[0], cols, `${t}.csv header`);
      }
      // Values, not only counts: net sales and product names read back from the CSV.
      const lines = readCsv(fs.readFileSync(path.join(out, 'sales_lines.csv'), 'utf8'));
      const netCol = lines[0].indexOf('net');
      const sum = lines.slice(1).reduce((s, l) => s + Number(l[netCol]), 0);
      assertClose(sum, db.prepare('SELECT total(net) FROM sales_lines').pluck().get() as number);
      const products = readCsv(fs.readFileSync(path.join(out, 'products.csv'), 'utf8'));
      const nameCol = products[0].indexOf('name');
      assert.deepEqual(
        products
          .slice(1)
          .map((p) => p[nameCol])
          .sort(),
        (db.prepare('SELECT name FROM products').pluck().all() as string[]).sort(),
      );
      assert.ok(fs.existsSync(path.join(out, 'sales_lines_readable.csv')));
    } finally {
      db.close();
    }
    // Never into a folder holding other files.
    const busy = tempDir();
    fs.writeFileSync(path.join(busy, 'notes.txt'), 'mine');
    const refused = runCli(['export', '--out', busy, '--db', dbFile]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not empty/);
    assert.deepEqual(fs.readdirSync(busy), ['notes.txt']);
  });
});

function assertClose(a: number, b: number): void {
  assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);
}

describe('backups through the API', () => {
  it('backupNow, backups, restoreBackup, exportAll; a path is never accepted as a backup name', async () => {
    const dbFile = shop();
    const db = openDb(dbFile);
    const ctx: ApiContext = { db, dbPath: dbFile, uploadDir: path.join(path.dirname(dbFile), 'uploads'), emitProgress: () => {} };
    try {
      const b = await callApi(ctx, 'backupNow', {});
      assert.deepEqual(
        (await callApi(ctx, 'backups', {})).map((x) => x.name),
        [b.name],
      );
      db.exec('DELETE FROM import_rejects; DELETE FROM meta;'); // any change, to see the restore undo it
      db.prepare("INSERT INTO meta(key, value) VALUES ('scribble', 'x')").run();
      const r = await callApi(ctx, 'restoreBackup', { name: b.name });
      assert.equal(r.lines, 16);
      assert.equal(db.prepare("SELECT count(*) FROM meta WHERE key = 'scribble'").pluck().get(), 0);
      await assert.rejects(callApi(ctx, 'restoreBackup', { name: '../../etc/passwd' }), (e: unknown) => (e as { code?: string }).code === 'bad-input');
      await assert.rejects(callApi(ctx, 'restoreBackup', { name: 'tillsight-none.db' }), (e: unknown) => (e as { code?: string }).code === 'not-found');
      const x = await callApi(ctx, 'exportAll', {});
      assert.ok(fs.existsSync(path.join(x.outDir, 'sales_lines.csv')));
      assert.ok(x.outDir.startsWith(path.dirname(dbFile)), 'exports go beside the database');
    } finally {
      db.close();
    }
  });
});

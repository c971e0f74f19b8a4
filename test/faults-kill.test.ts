/**
 * Killing real processes (SIGKILL) at random moments, many seeds, during every
 * kind of write: an import alone with the database (the CLI's write-once path,
 * through the rollback journal), an import while another connection holds the
 * database open (the app's path, through the WAL), an undo, a schema migration
 * (with its backup first) and a rebuild of every summary. Afterwards the file
 * passes integrity_check, no batch is half there, the summaries equal the
 * lines summed independently (helpers/consistency.ts), and the work resumes.
 * Kill times come from a seeded PRNG; the seed is in every failure message.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openDb, schemaVersion } from '../core/store/db.js';
import { migrations } from '../core/store/migrations.js';
import { listBackups } from '../core/store/backup.js';
import { activityFile } from '../core/store/activity.js';
import { latestGoodRun } from '../core/models/registry.js';
import { createProbeTable, PROBE_KIND, PROBE_ROWS, PROBE_TABLE } from './helpers/fault-probe.js';
import { checkConsistent, copyDb, faultSeeds, killAfter, mulberry32, writeRetailFile } from './helpers/consistency.js';
import { CLI, ROOT, runCli, tempDir } from './helpers/import-fixtures.js';

const CHILD = path.join(ROOT, 'dist', 'test', 'helpers', 'fault-child.js');
const BIG_ROWS = 120_000;
const SMALL_ROWS = 500;

function timed(fn: () => void): number {
  const t0 = Date.now();
  fn();
  return Date.now() - t0;
}

describe('kill -9 at random points, many seeds', { timeout: 900_000 }, () => {
  const dir = tempDir('tillsight-kill-');
  const small = path.join(dir, 'small.csv');
  const big = path.join(dir, 'big.csv');
  /** A database holding the small file: the data already there that no kill may touch. */
  const base = path.join(dir, 'base', 'shop.db');
  /** The small file and the big one: what undo and rebuild start from. */
  const full = path.join(dir, 'full', 'shop.db');
  let bigBatch = '';

  before(() => {
    writeRetailFile(small, SMALL_ROWS, 100000);
    writeRetailFile(big, BIG_ROWS, 500000);
    assert.equal(runCli(['import', small, '--db', base]).status, 0);
    copyDb(base, full);
    const r = runCli(['import', big, '--db', full, '--json']);
    assert.equal(r.status, 0, r.stderr);
    bigBatch = (JSON.parse(r.stdout) as { batches: Array<{ batchId: string }> }).batches[0].batchId;
  });

  /** Kills `args` at a seeded fraction of `fullMs`, for each seed; `check` sees the result. */
  async function killMany(what: string, fullMs: number, prepare: () => void, args: () => string[], check: (label: string) => void, during?: () => () => void) {
    let midway = 0;
    for (const seed of faultSeeds()) {
      const rng = mulberry32(seed * 7919 + what.length);
      const at = Math.round(fullMs * (0.03 + 0.94 * rng()));
      prepare();
      const release = during?.() ?? (() => {});
      let killed;
      try {
        killed = await killAfter(args(), at);
      } finally {
        release();
      }
      if (killed.killedMidway) midway++;
      check(`${what}, seed ${seed} (FAULT_SEED=${seed}), killed at ${at} of ${fullMs} ms${killed.killedMidway ? '' : ' (after it ended)'}`);
    }
    assert.ok(midway >= Math.ceil(faultSeeds().length / 2), `${what}: only ${midway} of ${faultSeeds().length} kills landed during the work`);
  }

  it('an import alone with the database (write-once, rollback journal)', async () => {
    const db = path.join(dir, 'alone', 'shop.db');
    const scratch = path.join(dir, 'timing-alone', 'shop.db');
    copyDb(base, scratch);
    const fullMs = timed(() => assert.equal(runCli(['import', big, '--db', scratch]).status, 0));
    await killMany(
      'write-once import',
      fullMs,
      () => copyDb(base, db),
      () => [CLI, 'import', big, '--db', db],
      (label) => {
        const s = checkConsistent(db, label);
        assert.ok(s.lines === SMALL_ROWS || s.lines === SMALL_ROWS + BIG_ROWS, `${label}: ${s.lines} lines`);
        assert.ok(!fs.existsSync(`${db}-journal`) || fs.statSync(`${db}-journal`).size === 0, `${label}: the journal was rolled back`);
      },
    );
    // Work resumes: the file is taken whole.
    const again = runCli(['import', big, '--db', db, '--json']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(checkConsistent(db, 'after the kills').lines, SMALL_ROWS + BIG_ROWS);
  });

  it('an import while the app holds the database open (WAL)', async () => {
    const db = path.join(dir, 'wal', 'shop.db');
    const scratch = path.join(dir, 'timing-wal', 'shop.db');
    copyDb(base, scratch);
    const holder = openDb(scratch);
    const fullMs = timed(() => assert.equal(runCli(['import', big, '--db', scratch]).status, 0));
    holder.close();
    let app: ReturnType<typeof openDb> | undefined;
    let sawWal = 0;
    const poll = setInterval(() => {
      try {
        const a = JSON.parse(fs.readFileSync(activityFile(db), 'utf8')) as { writeOnce: boolean };
        assert.equal(a.writeOnce, false, 'with the app open, the import goes through the WAL');
        sawWal++;
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
      }
    }, 50);
    try {
      await killMany(
        'WAL import',
        fullMs,
        () => copyDb(base, db),
        () => [CLI, 'import', big, '--db', db],
        (label) => {
          // The app's own connection reads a whole state throughout, and after.
          const seen = app!.prepare('SELECT count(*) FROM sales_lines').pluck().get() as number;
          assert.ok(seen === SMALL_ROWS || seen === SMALL_ROWS + BIG_ROWS, `${label}: the app sees ${seen} lines`);
          const s = checkConsistent(db, label);
          assert.equal(s.lines, seen, `${label}: the app and a fresh connection agree`);
        },
        () => {
          app = openDb(db);
          return () => {};
        },
      );
    } finally {
      clearInterval(poll);
      app?.close();
    }
    assert.ok(sawWal > 0, 'the import marker was seen during the WAL imports');
  });

  it('an undo', async () => {
    const db = path.join(dir, 'undo', 'shop.db');
    const scratch = path.join(dir, 'timing-undo', 'shop.db');
    copyDb(full, scratch);
    const fullMs = timed(() => assert.equal(runCli(['undo', bigBatch, '--db', scratch]).status, 0));
    await killMany(
      'undo',
      Math.max(fullMs, 300),
      () => copyDb(full, db),
      () => [CLI, 'undo', bigBatch, '--db', db],
      (label) => {
        const s = checkConsistent(db, label);
        assert.ok(s.lines === SMALL_ROWS + BIG_ROWS || s.lines === SMALL_ROWS, `${label}: ${s.lines} lines`);
        assert.equal(s.batches.length, s.lines === SMALL_ROWS ? 1 : 2, `${label}: the batch record goes with its lines`);
      },
    );
    assert.equal(runCli(['undo', bigBatch, '--db', db]).status === 0 || checkConsistent(db, 'undo resumes').lines === SMALL_ROWS, true);
    assert.equal(checkConsistent(db, 'after the undo kills').lines, SMALL_ROWS);
  });

  it('a rebuild of every summary', async () => {
    const db = path.join(dir, 'rebuild', 'shop.db');
    const scratch = path.join(dir, 'timing-rebuild', 'shop.db');
    copyDb(full, scratch);
    const fullMs = timed(() => assert.equal(runNode([CHILD, 'rebuild', scratch]), 0));
    await killMany(
      'summary rebuild',
      Math.max(fullMs, 300),
      () => copyDb(full, db),
      () => [CHILD, 'rebuild', db],
      (label) => {
        assert.equal(checkConsistent(db, label).lines, SMALL_ROWS + BIG_ROWS);
      },
    );
  });

  it('a model training (the registry never serves a half-written run)', async () => {
    const db = path.join(dir, 'train', 'shop.db');
    const template = path.join(dir, 'train-template', 'shop.db');
    copyDb(full, template);
    const t = openDb(template);
    createProbeTable(t);
    t.close();
    const scratch = path.join(dir, 'timing-train', 'shop.db');
    copyDb(template, scratch);
    const fullMs = timed(() => assert.equal(runNode([CHILD, 'train', scratch]), 0));
    const check = (label: string) => {
      const s = checkConsistent(db, label);
      assert.equal(s.lines, SMALL_ROWS + BIG_ROWS);
      const d = openDb(db);
      try {
        const runs = d.prepare('SELECT id, status FROM model_runs WHERE kind = ?').all(PROBE_KIND) as Array<{ id: number; status: string }>;
        for (const r of runs) {
          const rows = d.prepare(`SELECT count(*) FROM ${PROBE_TABLE} WHERE run_id = ?`).pluck().get(r.id) as number;
          assert.equal(rows, r.status === 'ok' ? PROBE_ROWS : 0, `${label}: run ${r.id} (${r.status}) has ${rows} outputs`);
        }
        const good = latestGoodRun(d, PROBE_KIND);
        if (good) {
          assert.equal(d.prepare(`SELECT count(*) FROM ${PROBE_TABLE} WHERE run_id = ?`).pluck().get(good.id), PROBE_ROWS, `${label}: the served run is whole`);
        }
      } finally {
        d.close();
      }
    };
    await killMany(
      'training',
      fullMs,
      () => copyDb(template, db),
      () => [CHILD, 'train', db],
      check,
    );
    // Work resumes: the next training completes, and the run the kill cut short is marked as such.
    assert.equal(runNode([CHILD, 'train', db]), 0);
    check('after the kills');
    const d = openDb(db);
    assert.equal(d.prepare("SELECT count(*) FROM model_runs WHERE status = 'running'").pluck().get(), 0);
    assert.ok(latestGoodRun(d, PROBE_KIND));
    d.close();
  });

  it('a schema migration (and the backup taken before it)', async () => {
    const latest = Math.max(...migrations.map((m) => m.version));
    const template = path.join(dir, 'v1', 'shop.db');
    fs.mkdirSync(path.dirname(template), { recursive: true });
    buildV1WithLines(template, 300_000);
    const db = path.join(dir, 'migrate', 'shop.db');
    const scratch = path.join(dir, 'timing-migrate', 'shop.db');
    copyDb(template, scratch);
    const fullMs = timed(() => assert.equal(runNode([CHILD, 'open', scratch]), 0));
    await killMany(
      'migration',
      Math.max(fullMs, 300),
      () => {
        fs.rmSync(path.join(path.dirname(db), 'backups'), { recursive: true, force: true });
        copyDb(template, db);
      },
      () => [CHILD, 'open', db],
      (label) => {
        const s = checkConsistent(db, label);
        assert.equal(s.lines, 300_000, `${label}: every line is still there`);
        const d = new Database(db, { readonly: true });
        assert.equal(schemaVersion(d), latest, `${label}: the migration completed on the next open`);
        d.close();
        // A backup killed half-way is never listed; the one that is listed is whole.
        for (const b of listBackups(db)) {
          const copy = new Database(b.file, { readonly: true });
          assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok', `${label}: backup ${b.name}`);
          assert.equal(copy.prepare('SELECT count(*) FROM sales_lines').pluck().get(), 300_000);
          copy.close();
        }
      },
    );
  });
});

function runNode(args: string[]): number | null {
  const r = spawnSyncNode(args);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.status;
}

import { spawnSync } from 'node:child_process';
function spawnSyncNode(args: string[]) {
  return spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 300_000 });
}

/** A version-1 database with `n` lines and summaries that agree with them (plain SQL of version 1's columns). */
function buildV1WithLines(file: string, n: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const v1 = migrations.find((m) => m.version === 1)!;
  db.exec(v1.sql);
  db.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(v1.name, '2026-01-01T00:00:00.000Z');
  db.transaction(() => {
    db.exec("INSERT INTO stores(id, name) VALUES (1, 'Main store')");
    const prod = db.prepare('INSERT INTO products(id, key, sku, name, is_product) VALUES (?, ?, ?, ?, 1)');
    for (let p = 1; p <= 300; p++) prod.run(p, `sku:P${p}`, `P${p}`, `Product ${p}`);
    const cust = db.prepare('INSERT INTO customers(id, key) VALUES (?, ?)');
    for (let c = 1; c <= 200; c++) cust.run(c, `id:${c}`);
    const order = db.prepare('INSERT INTO orders(id, store_id, receipt) VALUES (?, 1, ?)');
    for (let o = 1; o <= n / 5; o++) order.run(o, `R${o}`);
    const line =
      db.prepare(`INSERT INTO sales_lines(id, line_key, file_line, date, time, order_id, product_id, customer_id, store_id, kind, quantity, gross, discount, net)
      VALUES (?, ?, ?, ?, NULL, ?, ?, ?, 1, 0, ?, ?, 0, ?)`);
    for (let i = 1; i <= n; i++) {
      const day = 20100101 + (Math.floor(i / 1000) % 12) * 100 + (Math.floor(i / 50) % 28);
      const net = (i % 7) + 0.5;
      line.run(i, (i * 2654435761) % 2 ** 52, i + 1, day, Math.ceil(i / 5), 1 + (i % 300), 1 + (i % 200), 1 + (i % 3), net, net);
    }
    db.prepare(
      `INSERT INTO import_batches(id, file_name, profile, source_kind, rows_read, rows_imported, first_line_id, last_line_id, min_date, max_date, started_at, finished_at)
      VALUES (1, 'old.csv', 'generic', 'sales', ?, ?, 1, ?, '2010-01-01', '2010-12-28', '2026-01-01', '2026-01-01')`,
    ).run(n, n, n);
    const isoDate = "printf('%04d-%02d-%02d', date / 10000, date / 100 % 100, date % 100)";
    db.exec(`
      INSERT INTO daily_summary SELECT ${isoDate}, store_id, sum(net), sum(gross), 0, 0, 0, sum(quantity), count(*), count(DISTINCT order_id), count(DISTINCT customer_id), NULL FROM sales_lines GROUP BY date, store_id;
      INSERT INTO daily_product SELECT ${isoDate}, product_id, store_id, sum(quantity), sum(net), 0, count(DISTINCT order_id) FROM sales_lines GROUP BY date, product_id, store_id;
      INSERT INTO daily_customer SELECT ${isoDate}, customer_id, sum(net), count(DISTINCT order_id) FROM sales_lines GROUP BY date, customer_id;
      INSERT INTO monthly_product SELECT substr(date, 1, 7), product_id, store_id, sum(quantity), sum(net), 0, sum(orders) FROM daily_product GROUP BY 1, 2, 3;`);
  })();
  db.close();
}

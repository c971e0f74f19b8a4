/**
 * Schema migrations from every earlier version, WITH data in it: a database is
 * built by applying only the migrations up to version v (as a Tillsight of that
 * time would have left it), filled with lines, orders, products, customers,
 * batches and summaries by plain SQL, then opened by the current code. The
 * data must come through intact, a backup of the old file must exist first,
 * and the current code must work on it (figures, import, undo).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { kpis } from '../core/analytics/kpis.js';
import { importFile } from '../core/import/pipeline.js';
import { undoBatch } from '../core/import/undo.js';
import { currentDataVersion } from '../core/models/registry.js';
import { excludedTrainingDays, markAnomaly, unmarkAnomaly } from '../core/models/store/anomalies.js';
import { checkBackup, listBackups } from '../core/store/backup.js';
import { openDb, schemaVersion } from '../core/store/db.js';
import { migrations } from '../core/store/migrations.js';
import { rebuildSummaries } from '../core/store/summaries.js';
import { layout, tempDir } from './helpers/import-fixtures.js';

const latest = Math.max(...migrations.map((m) => m.version));

/** A database at schema version `v`, exactly as migrate() of that time would have left it. */
function buildAt(file: string, v: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of migrations.filter((x) => x.version <= v)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00.000Z');
  }
  fill(db);
  db.close();
}

/** 240 lines over 12 days, 3 customers, 8 products, 1 store, one batch, and its daily summaries: columns of version 1 only. */
function fill(db: Database.Database): void {
  db.prepare("INSERT INTO stores(id, name) VALUES (1, 'Main store')").run();
  for (let p = 1; p <= 8; p++)
    db.prepare('INSERT INTO products(id, key, sku, name, is_product) VALUES (?, ?, ?, ?, ?)').run(p, `sku:P${p}`, `P${p}`, `Product ${p}`, p === 8 ? 0 : 1);
  for (let c = 1; c <= 3; c++) db.prepare('INSERT INTO customers(id, key, name) VALUES (?, ?, ?)').run(c, `id:${c}`, `Customer ${c}`);
  const line =
    db.prepare(`INSERT INTO sales_lines(id, line_key, file_line, date, time, order_id, product_id, customer_id, store_id, kind, quantity, gross, discount, net, cost)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, 0, ?, NULL)`);
  let id = 0;
  for (let d = 1; d <= 12; d++) {
    for (let o = 0; o < 4; o++) {
      const order = d * 10 + o;
      db.prepare('INSERT INTO orders(id, store_id, receipt) VALUES (?, 1, ?)').run(order, `R${order}`);
      for (let k = 0; k < 5; k++) {
        id++;
        const qty = 1 + (id % 3);
        const kind = id % 17 === 0 ? 1 : 0; // a few refunds
        const net = (kind ? -1 : 1) * qty * (2 + (id % 5));
        line.run(id, 1_000_000 + id, id + 1, 20110300 + d, 36000 + id, order, 1 + (id % 8), 1 + (order % 3), kind, kind ? -qty : qty, Math.abs(net), net);
      }
    }
  }
  db.prepare(
    `INSERT INTO import_batches(id, file_name, profile, source_kind, rows_read, rows_imported, first_line_id, last_line_id, min_date, max_date, started_at, finished_at)
    VALUES (1, 'old.csv', 'generic', 'sales', ?, ?, 1, ?, '2011-03-01', '2011-03-12', '2026-01-01', '2026-01-01')`,
  ).run(id, id, id);
  // Gold, in version 1's columns: what the old code would have written.
  db.exec(`INSERT INTO daily_summary(date, store_id, net, gross, discount, returns, non_product, units, lines, orders, customers, cost)
    SELECT printf('%04d-%02d-%02d', date / 10000, date / 100 % 100, date % 100), store_id, sum(net), 0, 0, 0, 0, sum(quantity), count(*), count(DISTINCT order_id), count(DISTINCT customer_id), NULL
    FROM sales_lines GROUP BY date, store_id`);
}

/** The same figures, computed here from the rows `fill` wrote: net sales are goods only, so product 8 (not a product) is left out. */
function expectedNet(): number {
  let net = 0;
  for (let id = 1; id <= 240; id++) {
    if (1 + (id % 8) === 8) continue;
    const qty = 1 + (id % 3);
    net += (id % 17 === 0 ? -1 : 1) * qty * (2 + (id % 5));
  }
  return net;
}

describe('migrations from every earlier schema version, with data in it', () => {
  for (let v = 1; v < latest; v++) {
    it(`a version ${v} database opens under version ${latest}: data intact, backed up first, and usable`, async () => {
      const file = path.join(tempDir('tillsight-migrate-'), `v${v}.db`);
      buildAt(file, v);
      const db = openDb(file);
      try {
        assert.equal(schemaVersion(db), latest);
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        assert.equal(db.prepare('SELECT count(*) FROM sales_lines').pluck().get(), 240);
        assert.equal(db.prepare('SELECT count(*) FROM daily_summary').pluck().get(), 12);
        assert.equal(db.prepare('SELECT count(*) FROM import_batches').pluck().get(), 1);
        // The file as it was, before the upgrade: a whole database at version v.
        const backups = listBackups(file).filter((b) => b.reason === 'before-migration');
        assert.equal(backups.length, 1);
        assert.match(backups[0].name, new RegExp(`-v${v}\\.db$`));
        assert.deepEqual(checkBackup(backups[0].file), { schemaVersion: v, lines: 240 });
        // The current code works on the upgraded data.
        rebuildSummaries(db, '2011-03-01', '2011-03-12');
        const k = kpis(db, { from: '2011-03-01', to: '2011-03-12' });
        assert.ok(Math.abs(k.netSales - expectedNet()) < 1e-6, `net sales ${k.netSales} vs ${expectedNet()}`);
        const imported = await importFile(db, layout('Online Retail.csv'));
        assert.equal(imported.rowsImported, 16);
        undoBatch(db, imported.batchId);
        assert.equal(db.prepare('SELECT count(*) FROM sales_lines').pluck().get(), 240);
      } finally {
        db.close();
      }
      // Opened again: nothing left to migrate, so no second backup.
      openDb(file).close();
      assert.equal(listBackups(file).filter((b) => b.reason === 'before-migration').length, 1);
    });
  }

  it("a version 7 database with the owner's anomaly marks: they come through, and from version 8 only marks that change the days left out of training move the data version", () => {
    const file = path.join(tempDir('tillsight-migrate-'), 'marks.db');
    buildAt(file, 7);
    const old = new Database(file);
    old
      .prepare(`INSERT INTO anomaly_marks (date, scope, subject, verdict, note, marked_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(20110305, 'total', '', 'error', 'till down', 'x');
    old
      .prepare(`INSERT INTO anomaly_marks (date, scope, subject, verdict, note, marked_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(20110306, 'total', '', 'explained', 'fair', 'x');
    const before = Number(old.prepare(`SELECT value FROM meta WHERE key = 'data_version'`).pluck().get());
    old.close();
    const db = openDb(file);
    try {
      assert.equal(schemaVersion(db), latest);
      assert.deepEqual(excludedTrainingDays(db), ['2011-03-05']);
      assert.equal(db.prepare('SELECT count(*) FROM anomaly_marks').pluck().get(), 2);
      assert.equal(currentDataVersion(db), before, 'the upgrade itself moves nothing');
      assert.equal(db.prepare('SELECT count(*) FROM forecast_expected').pluck().get(), 0);
      markAnomaly(db, { date: '2011-03-07', scope: 'total' }, 'explained');
      assert.equal(currentDataVersion(db), before, 'an explained mark');
      markAnomaly(db, { date: '2011-03-05', scope: 'line', subject: 'P1 R31' }, 'error');
      assert.equal(currentDataVersion(db), before, 'a second error on a day already left out');
      markAnomaly(db, { date: '2011-03-06', scope: 'total' }, 'error');
      assert.equal(currentDataVersion(db), before + 1, 'explained → error: a day left out');
      unmarkAnomaly(db, { date: '2011-03-05', scope: 'total' });
      assert.equal(currentDataVersion(db), before + 1, 'one of two errors of a day taken away');
      unmarkAnomaly(db, { date: '2011-03-05', scope: 'line', subject: 'P1 R31' });
      assert.equal(currentDataVersion(db), before + 2, 'the last error of a day taken away');
      assert.deepEqual(excludedTrainingDays(db), ['2011-03-06']);
    } finally {
      db.close();
    }
  });

  it('a fresh database is created at the latest version, with no backup of nothing', () => {
    const file = path.join(tempDir('tillsight-migrate-'), 'fresh.db');
    const db = openDb(file);
    assert.equal(schemaVersion(db), latest);
    db.close();
    assert.deepEqual(listBackups(file), []);
  });
});

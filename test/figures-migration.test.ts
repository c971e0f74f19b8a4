/**
 * Migration 7 on a database written before it (schema 2, data in it): the
 * summaries already there take the new definitions (net sales, gross, discounts
 * and returns of goods only), equal to a rebuild from the lines; nothing in the
 * lines changes. And the currency: from the file's own column, before a guess
 * from the customers' country.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { dashboardMeta } from '../core/analytics/meta.js';
import { kpis } from '../core/analytics/kpis.js';
import { importFile } from '../core/import/pipeline.js';
import { openDb, schemaVersion } from '../core/store/db.js';
import { migrations } from '../core/store/migrations.js';
import { rebuildSummaries } from '../core/store/summaries.js';
import { layout, tempDbPath, tempDir } from './helpers/import-fixtures.js';

test('migration 7 brings the summaries of an older database to the new definitions, lines untouched', () => {
  const file = tempDbPath();
  const old = new Database(file);
  old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of migrations.filter((m) => m.version <= 2)) {
    old.exec(m.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00Z');
  }
  // One day as the old importer wrote it: a sale of goods 20.00 (a 2.00 discount), postage 5.00, a refund of goods 4.00;
  // the old summary counted the postage in net and gross, and every refund in returns.
  old.exec(`
    INSERT INTO stores (id, name) VALUES (1, 'Main store');
    INSERT INTO products (id, key, sku, name, is_product) VALUES (1, 'sku:A', 'A', 'Mug', 1), (2, 'other:POST:postage', 'POST', 'POSTAGE', 0);
    INSERT INTO orders (id, store_id, receipt) VALUES (1, 1, 'R1'), (2, 1, 'R2');
    INSERT INTO sales_lines (id, line_key, file_line, date, time, order_id, product_id, customer_id, store_id, kind, quantity, gross, discount, net, cost)
      VALUES (1, 101, 2, 20260301, 36000, 1, 1, NULL, 1, 0, 2, 22, 2, 20, NULL),
             (2, 102, 3, 20260301, 36000, 1, 2, NULL, 1, 0, 1, 5, 0, 5, NULL),
             (3, 103, 4, 20260301, 50400, 2, 1, NULL, 1, 1, -1, -4, 0, -4, NULL);
    INSERT INTO daily_summary (date, store_id, net, gross, discount, returns, non_product, units, lines, orders, customers, cost)
      VALUES ('2026-03-01', 1, 21, 27, 2, 4, 5, 1, 3, 1, 0, NULL);
    INSERT INTO hourly_summary (date, hour, store_id, weekday, net, orders, units)
      VALUES ('2026-03-01', 10, 1, 0, 25, 1, 2), ('2026-03-01', 14, 1, 0, -4, 0, -1);`);
  const linesBefore = old.prepare('SELECT * FROM sales_lines ORDER BY id').all();
  old.close();

  const db = openDb(file);
  try {
    assert.ok(schemaVersion(db) >= 7);
    const summary = () => ({
      daily: db.prepare('SELECT * FROM daily_summary ORDER BY date, store_id').all(),
      hourly: db.prepare('SELECT * FROM hourly_summary ORDER BY date, hour, store_id').all(),
    });
    const migrated = summary();
    // By hand: net sales 20 − 4 = 16 (postage apart); gross 22 (goods sold); discount 2; returns 4; non-product 5.
    assert.deepEqual(
      (migrated.daily as Array<Record<string, unknown>>).map((r) => [r.net, r.gross, r.discount, r.returns, r.non_product, r.tax, r.shipping]),
      [[16, 22, 2, 4, 5, null, 0]],
      'the day, as the vendors define its figures (the postage was not classed before: it stays in non-product, as an adjustment)',
    );
    assert.deepEqual(
      (migrated.hourly as Array<Record<string, unknown>>).map((r) => r.net),
      [20, -4],
      'the hours count goods only',
    );
    rebuildSummaries(db, '2026-03-01', '2026-03-01');
    assert.deepEqual(summary(), migrated, 'equal to a rebuild from the lines');
    const linesAfter = db
      .prepare(
        'SELECT id, line_key, file_line, date, time, order_id, product_id, customer_id, store_id, kind, quantity, gross, discount, net, cost FROM sales_lines ORDER BY id',
      )
      .all();
    assert.deepEqual(linesAfter, linesBefore, 'the lines are as they were');
    const k = kpis(db);
    assert.equal(k.netSales, 16);
    assert.equal(k.nonProduct.adjustments, 5);
    assert.equal(k.tax, null, 'no tax was kept before: unknown, not zero');
  } finally {
    db.close();
  }
});

test("the currency comes from the file's currency column, before a guess from the customers' country", async () => {
  const db = openDb(tempDbPath());
  try {
    // No currency column, customers in the United Kingdom: a guess, GBP.
    await importFile(db, layout('Online Retail.csv'));
    assert.equal(dashboardMeta(db).currency, 'GBP');
    // A file naming its currency (EUR) wins over the country of its own customers (United Kingdom → GBP).
    const dir = tempDir('tillsight-currency-');
    const csv = path.join(dir, 'sales.csv');
    fs.writeFileSync(
      csv,
      'Date,Receipt,Item,Qty,Price,Customer ID,Country,Currency\n2026-05-02,A1,Tea,2,3.50,C1,United Kingdom,EUR\n2026-05-02,A2,Cake,1,4.00,C2,United Kingdom,eur\n',
    );
    await importFile(db, csv);
    assert.equal(dashboardMeta(db).currency, 'EUR');
  } finally {
    db.close();
  }
  // Shopify's export has a Currency column (USD) and no country: USD.
  const shop = openDb(tempDbPath());
  try {
    await importFile(shop, layout('orders_export_1.csv'));
    assert.equal(dashboardMeta(shop).currency, 'USD');
  } finally {
    shop.close();
  }
});

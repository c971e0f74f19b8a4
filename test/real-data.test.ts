/**
 * Integration test on the real Online Retail file (../shared/data): every row
 * read, figures equal to an independent computation straight from the CSV,
 * re-import adds nothing, undo removes everything.
 */
import { codesOf, goodsClassifier, readOnlineRetailRows } from './helpers/online-retail-reference.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realDataCsv, REAL_DATA } from '../bench/common.js';
import { skipUnlessCi } from './helpers/prerequisites.js';
import { openDb, type Db } from '../core/store/db.js';
import { importFile } from '../core/import/pipeline.js';
import { undoBatch } from '../core/import/undo.js';
import { kpis } from '../core/analytics/kpis.js';
import { status } from '../core/analytics/status.js';
import { rebuildSummaries } from '../core/store/summaries.js';

const csv = realDataCsv();
const skip = skipUnlessCi(csv ? null : `real data absent (${REAL_DATA})`, 'the real-data integration test');

interface Expected {
  rows: number;
  net: number;
  nonProductNet: number;
  returns: number;
  units: number;
  orders: number;
  customers: number;
  products: number;
  netByMonth: Map<string, number>;
  firstDate: string;
  lastDate: string;
  /** Codes with at least one line that is not goods. */
  nonProductCodes: Set<string>;
}

/** A deliberately plain reading of the file, sharing no code with the importer. */
function independent(file: string): Expected {
  const rows = readOnlineRetailRows(fs.readFileSync(file).toString('latin1'));
  const isGoods = goodsClassifier(codesOf(rows));
  let net = 0;
  let nonProductNet = 0;
  let returns = 0;
  let units = 0;
  const orders = new Set<string>();
  const customers = new Set<string>();
  const products = new Set<string>();
  const netByMonth = new Map<string, number>();
  const nonProductCodes = new Set<string>();
  let first = '9999';
  let last = '0000';
  for (const f of rows) {
    const [invoice, code, , qtyS, dateS, priceS, cust] = f as [string, string, string, string, string, string, string];
    const amount = Number(qtyS) * Number(priceS);
    // Postage, fees and stock adjustments are not goods (test/helpers/online-retail-reference.ts):
    // net sales, returns and units are of goods, as the vendors count them.
    const isProduct = isGoods(code, f[2]);
    if (isProduct) net += amount;
    else nonProductNet += amount;
    if (invoice.startsWith('C') && isProduct) returns -= amount;
    if (isProduct) {
      units += Number(qtyS);
      products.add(code);
      if (!invoice.startsWith('C') && Number(qtyS) > 0) orders.add(invoice);
    }
    if (cust) customers.add(String(Number(cust)));
    const [m, d, y] = dateS.split(' ')[0].split('/');
    const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    if (iso < first) first = iso;
    if (iso > last) last = iso;
    const month = iso.slice(0, 7);
    if (isProduct) netByMonth.set(month, (netByMonth.get(month) ?? 0) + amount);
    else nonProductCodes.add(code);
  }
  return {
    nonProductCodes,
    rows: rows.length,
    net,
    nonProductNet,
    returns,
    units,
    orders: orders.size,
    customers: customers.size,
    products: products.size,
    netByMonth,
    firstDate: first,
    lastDate: last,
  };
}

let dir: string;
let db: Db;
let expected: Expected;

before(() => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-real-'));
  db = openDb(path.join(dir, 'real.db'));
  expected = independent(csv!);
});
after(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the real file imports whole, and its figures match an independent computation', { skip }, async () => {
  const r = await importFile(db, csv!);
  assert.equal(r.profile, 'online-retail');
  assert.equal(r.rowsRead, 541_909);
  assert.equal(r.rowsRead, expected.rows);
  assert.equal(r.rowsImported, 541_909);
  assert.equal(r.rowsDuplicate, 0);
  assert.equal(r.rowsRejected, 0);
  assert.equal(r.dateOrder, 'MDY');
  assert.equal(r.minDate, expected.firstDate);
  assert.equal(r.maxDate, expected.lastDate);

  const k = kpis(db);
  assert.ok(Math.abs(k.netSales - expected.net) < 0.01, `net ${k.netSales} vs ${expected.net}`);
  assert.ok(Math.abs(k.returns - expected.returns) < 0.01, `returns ${k.returns} vs ${expected.returns}`);
  assert.ok(Math.abs(k.nonProductSales - expected.nonProductNet) < 0.01, `non-product ${k.nonProductSales} vs ${expected.nonProductNet}`);
  assert.equal(k.tax, null, 'the file has no tax column: tax unknown');
  assert.equal(k.units, expected.units);
  assert.equal(k.orders, expected.orders);
  assert.equal(k.customers, expected.customers);

  const s = status(db, 'x');
  assert.equal(s.lines, 541_909);
  assert.equal(s.orders, expected.orders);
  assert.equal(s.customers, expected.customers);
  assert.equal(s.products, expected.products);
  assert.equal(s.firstDate, expected.firstDate);
  assert.equal(s.lastDate, expected.lastDate);

  // The importer's own list (core/import/rows.ts) and the reference's reading by description draw the
  // line in the same place on every code of the year, named here so a disagreement says which codes.
  const imported = db.prepare('SELECT DISTINCT sku FROM products WHERE is_product = 0 AND sku IS NOT NULL ORDER BY sku').pluck().all() as string[];
  assert.deepEqual(imported, [...expected.nonProductCodes].sort());

  for (const [month, value] of expected.netByMonth) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const got = kpis(db, { from: `${month}-01`, to }).netSales;
    assert.ok(Math.abs(got - value) < 0.01, `${month}: ${got} vs ${value}`);
  }
});

test('summaries added up during the import equal the summaries rebuilt from the lines', { skip }, () => {
  const snapshot = () =>
    Object.fromEntries(
      ['daily_summary', 'daily_product', 'daily_customer', 'hourly_summary'].map((t) => [
        t,
        (db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all() as Array<Record<string, number | string | null>>).map((r) =>
          Object.values(r)
            .map((v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))
            .join('|'),
        ),
      ]),
    );
  // The per-customer tables equal a direct grouping of daily_customer.
  const direct = db
    .prepare(`SELECT customer_id, min(date), max(date), sum(orders), round(sum(net), 2) FROM daily_customer GROUP BY customer_id ORDER BY 1`)
    .raw()
    .all();
  const kept = db.prepare('SELECT customer_id, first_date, last_date, orders, round(net, 2) FROM customer_summary ORDER BY 1').raw().all();
  assert.equal(kept.length, expected.customers);
  assert.deepEqual(kept, direct);
  assert.equal(
    db.prepare('SELECT count(*) FROM customer_month').pluck().get(),
    db.prepare(`SELECT count(*) FROM (SELECT DISTINCT customer_id, substr(date, 1, 7) FROM daily_customer)`).pluck().get(),
  );
  // monthly_product equals daily_product grouped by month.
  assert.deepEqual(
    db.prepare('SELECT month, product_id, store_id, round(net, 2), quantity, orders FROM monthly_product ORDER BY 1, 2, 3').raw().all(),
    db
      .prepare(
        'SELECT substr(date, 1, 7), product_id, store_id, round(sum(net), 2), sum(quantity), sum(orders) FROM daily_product GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
      )
      .raw()
      .all(),
  );
  const accumulated = snapshot();
  const range = status(db, 'x');
  db.transaction(() => rebuildSummaries(db, range.firstDate!, range.lastDate!))();
  const rebuilt = snapshot();
  for (const t of Object.keys(accumulated)) {
    assert.equal(rebuilt[t].length, accumulated[t].length, `${t} row count`);
    assert.deepEqual(rebuilt[t], accumulated[t], t);
  }
});

test('re-importing the real file adds nothing', { skip }, async () => {
  const before = kpis(db);
  const r = await importFile(db, csv!);
  assert.equal(r.rowsImported, 0);
  assert.equal(r.rowsDuplicate, 541_909);
  assert.deepEqual(kpis(db), before);
  assert.equal(status(db, 'x').lines, 541_909);
  undoBatch(db, r.batchId); // the empty batch goes; the data stays
  assert.deepEqual(kpis(db), before);
});

test('undo removes everything the import added', { skip }, () => {
  const s = status(db, 'x');
  assert.equal(s.batches.length, 1);
  undoBatch(db, s.batches[0].batchId);
  const after = status(db, 'x');
  assert.deepEqual([after.lines, after.orders, after.customers, after.products, after.batches.length], [0, 0, 0, 0, 0]);
  for (const table of [
    'daily_summary',
    'daily_product',
    'daily_customer',
    'hourly_summary',
    'customer_summary',
    'customer_month',
    'monthly_product',
    'orders',
    'stores',
  ]) {
    assert.equal(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), 0, table);
  }
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
});

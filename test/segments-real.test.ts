/**
 * The segments model on the real Online Retail file (../shared/data): recency,
 * frequency and monetary value per customer equal an independent computation
 * straight from the CSV; sales without a customer are counted apart; the
 * purchase model beats the naive baseline on the held-out months (fit to
 * 2011-08-31, predict 2011-09-01 … 2011-12-09). Skipped when the data is absent,
 * except under CI=true.
 */
import { codesOf, goodsClassifier, readOnlineRetailRows } from './helpers/online-retail-reference.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realDataCsv, REAL_DATA } from '../bench/common.js';
import { openDb, type Db } from '../core/store/db.js';
import { importFile } from '../core/import/pipeline.js';
import { readSegmentsData } from '../core/models/data/segments.js';
import { customerFigures, dayNumber } from '../core/models/segments/history.js';
import { validateTimeSplit } from '../core/models/segments/validation.js';
import type { SegmentsData } from '../core/models/segments/train.js';

const csv = realDataCsv();
const skip = csv || process.env.CI === 'true' ? false : `real data absent (${REAL_DATA}); skipping the segments integration test`;
if (skip) console.log(`# ${skip}`);

interface Rfm {
  last: string;
  orders: Set<string>;
  net: number;
}

/** A plain reading of the file, sharing no code with the importer or the model. */
function independent(file: string) {
  const rows = readOnlineRetailRows(fs.readFileSync(file).toString('latin1'));
  const isGoods = goodsClassifier(codesOf(rows));
  const customers = new Map<string, Rfm>();
  const walkInOrders = new Set<string>();
  let walkInNet = 0;
  let lastDate = '0000';
  for (const f of rows) {
    const [invoice, code, description, qty, when, price, cust] = f as [string, string, string, string, string, string, string];
    const [m, d, y] = when.split(' ')[0].split('/');
    const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    if (iso > lastDate) lastDate = iso;
    const amount = Number(qty) * Number(price);
    // An order: a receipt that is not a cancellation, with a product line sold (the README's definition).
    const isOrderLine = isGoods(code, description) && !invoice.startsWith('C') && Number(qty) > 0;
    if (!cust) {
      walkInNet += amount;
      if (isOrderLine) walkInOrders.add(invoice);
      continue;
    }
    const id = String(Number(cust));
    let r = customers.get(id);
    if (!r) customers.set(id, (r = { last: '', orders: new Set(), net: 0 }));
    r.net += amount;
    if (isOrderLine) {
      r.orders.add(invoice);
      if (iso > r.last) r.last = iso;
    }
  }
  return { customers, lastDate, walkIn: { orders: walkInOrders.size, net: walkInNet } };
}

let dir: string;
let db: Db;
let data: SegmentsData;
let expected: ReturnType<typeof independent>;

before(async () => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-segments-'));
  db = openDb(path.join(dir, 'real.db'));
  await importFile(db, csv!);
  data = readSegmentsData(db);
  expected = independent(csv!);
});
after(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('recency, frequency and monetary value of all 4,372 customers equal an independent computation from the CSV', { skip }, () => {
  const f = customerFigures(data.history);
  assert.equal(f.index.length, 4372);
  assert.equal(expected.customers.size, 4372);
  const keys = db.prepare('SELECT id, key FROM customers').raw().all() as Array<[number, string]>;
  const keyOf = new Map(keys);
  const dayAfter = dayNumber(expected.lastDate) + 1;
  let withOrders = 0;
  for (let k = 0; k < f.index.length; k++) {
    const key = keyOf.get(data.history.ids[f.index[k]])!;
    assert.ok(key.startsWith('id:'), key);
    const want = expected.customers.get(key.slice(3))!;
    assert.ok(want, `customer ${key} is in the CSV`);
    assert.equal(f.frequency[k], want.orders.size, `${key} orders`);
    assert.ok(Math.abs(f.monetary[k] - want.net) < 0.005, `${key} net ${f.monetary[k]} vs ${want.net}`);
    if (want.orders.size) {
      withOrders++;
      assert.equal(f.recency[k], dayAfter - dayNumber(want.last), `${key} recency`);
    }
  }
  assert.ok(withOrders > 4300, `${withOrders} customers with an order`);
});

test('sales without a customer are counted apart, not as one customer', { skip }, () => {
  assert.equal(data.walkIn.orders, expected.walkIn.orders);
  assert.ok(Math.abs(data.walkIn.net - expected.walkIn.net) < 0.01, `${data.walkIn.net} vs ${expected.walkIn.net}`);
  assert.equal(data.history.ids.length, 4372);
});

test('time split: fitted to 2011-08-31, the purchase model beats "same rate as before" on 2011-09-01 … 2011-12-09', { skip }, () => {
  const v = validateTimeSplit(data.history, dayNumber('2011-08-31'), dayNumber('2011-12-09'));
  assert.equal(v.holdoutDays, 100);
  assert.ok(v.customers > 3000, `${v.customers} customers by the cut-off`);
  // The two figures the owner reads: the total, and who buys how much.
  assert.ok(
    Math.abs(v.model.aggregateError) < Math.abs(v.naive.aggregateError),
    `aggregate error ${v.model.aggregateError} vs naive ${v.naive.aggregateError}`,
  );
  assert.ok(v.model.correlation > v.naive.correlation, `correlation ${v.model.correlation} vs naive ${v.naive.correlation}`);
  assert.ok(v.model.correlation > 0.7);
  // The model sees the customers the baseline can't: those who had not come back yet.
  const once = v.byRepeatPurchases.find((b) => b.bucket === '0')!;
  assert.equal(once.naive, 0);
  assert.ok(once.model > 0.5 * once.actual);
});

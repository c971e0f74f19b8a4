/**
 * The dashboard queries on a small hand-made database: gold summary rows written
 * directly (as an import would leave them), figures worked out by hand.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { customersDashboard } from '../core/analytics/customers.js';
import { executiveDashboard } from '../core/analytics/executive.js';
import { inventoryDashboard } from '../core/analytics/inventory.js';
import { dashboardMeta } from '../core/analytics/meta.js';
import { operationsDashboard } from '../core/analytics/operations.js';
import { addDays, isoWeekday } from '../core/analytics/periods.js';
import { dataQuality } from '../core/analytics/quality.js';
import { refreshCustomers, refreshMonthlyProducts } from '../core/store/summaries.js';
import { openDb, type Db } from '../core/store/db.js';

const FIRST = '2024-01-01'; // a Monday
const LAST = '2024-03-31'; // a Sunday; the shop is closed on Sundays

/**
 * Three months of a small shop, open Monday to Saturday:
 *  - product 1 "Mug" (category Kitchen): 2 units a day at 5.00;
 *  - product 2 "Candle" (no category): 1 unit a day at 12.00, but none in March;
 *  - product 3 "Postage" (not a product): 1.00 a day;
 *  - 2 orders a day; on Saturdays 4 orders and double everything;
 *  - customer 1 buys every Monday; customer 2 on 2024-01-02 and 2024-03-05; customer 3 only in March (new);
 *  - one refund of 5.00 (product 1) on 2024-03-29.
 */
function build(db: Db): void {
  db.exec(`INSERT INTO stores (id, name) VALUES (1, 'Main');
    INSERT INTO products (id, key, sku, name, category, is_product) VALUES
      (1, 'sku:MUG', 'MUG', 'Mug', 'Kitchen', 1), (2, 'sku:CAN', 'CAN', 'Candle', NULL, 1), (3, 'name:postage', NULL, 'Postage', NULL, 0);
    INSERT INTO customers (id, key, name, country) VALUES (1, 'id:1', NULL, 'United Kingdom'), (2, 'id:2', 'Ada Lovelace', 'United Kingdom'), (3, 'email:c@x', NULL, 'France');
    INSERT INTO import_batches (id, file_name, profile, source_kind, rows_read, rows_imported, rows_duplicate, rows_rejected, min_date, max_date, started_at, finished_at)
      VALUES (1, 'sales.csv', 'square-items', 'sales', 1000, 990, 4, 6, '${FIRST}', '${LAST}', '2024-04-01T09:00:00Z', '2024-04-01T09:00:01Z');`);
  const ds = db.prepare(
    'INSERT INTO daily_summary (date, store_id, net, gross, discount, returns, non_product, units, lines, orders, customers, cost) VALUES (?, 1, ?, ?, 0, ?, ?, ?, ?, ?, ?, NULL)',
  );
  const dp = db.prepare('INSERT INTO daily_product (date, product_id, store_id, quantity, net, returns, orders) VALUES (?, ?, 1, ?, ?, ?, ?)');
  const dc = db.prepare('INSERT INTO daily_customer (date, customer_id, net, orders) VALUES (?, ?, ?, ?)');
  const hs = db.prepare('INSERT INTO hourly_summary (date, hour, store_id, weekday, net, orders, units) VALUES (?, ?, 1, ?, ?, ?, ?)');
  for (let d = FIRST; d <= LAST; d = addDays(d, 1)) {
    const wd = isoWeekday(d);
    if (wd === 6) continue; // closed on Sundays
    const k = wd === 5 ? 2 : 1;
    const candle = d < '2024-03-01';
    const refund = d === '2024-03-29' ? 5 : 0;
    const mugNet = 10 * k - refund;
    const net = mugNet + (candle ? 12 * k : 0) + 1 * k;
    const units = 2 * k + (candle ? k : 0) - (refund ? 1 : 0);
    const cust: Array<[number, number]> = [];
    if (wd === 0) cust.push([1, 12]);
    if (d === '2024-01-02' || d === '2024-03-05') cust.push([2, 20]);
    if (d === '2024-03-12') cust.push([3, 15]);
    ds.run(d, net, net + refund, refund, 1 * k, units, 4 * k, 2 * k, cust.length);
    dp.run(d, 1, 2 * k - (refund ? 1 : 0), mugNet, refund, 2 * k);
    if (candle) dp.run(d, 2, k, 12 * k, 0, k);
    dp.run(d, 3, k, 1 * k, 0, k);
    for (const [c, v] of cust) dc.run(d, c, v, 1);
    hs.run(d, 10, new Date(`${d}T00:00:00Z`).getUTCDay(), net * 0.75, 1.5 * k, units * 0.75);
    hs.run(d, 15, new Date(`${d}T00:00:00Z`).getUTCDay(), net * 0.25, 0.5 * k, units * 0.25);
  }
  // The per-customer gold tables derive from daily_customer, as an import keeps them.
  refreshCustomers(db, [1, 2, 3]);
  refreshMonthlyProducts(db, FIRST, LAST);
}

let dir: string;
let db: Db;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-analytics-'));
  db = openDb(path.join(dir, 't.db'));
  build(db);
});

after(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('dashboardMeta', () => {
  it('tells the shell what the data holds', () => {
    const m = dashboardMeta(db);
    assert.equal(m.firstDate, FIRST);
    assert.equal(m.lastDate, '2024-03-30', 'the last day with sales (Sunday 31 March is closed)');
    assert.equal(m.currency, 'GBP', 'most customers are in the United Kingdom');
    assert.deepEqual(
      [m.hasSales, m.hasHours, m.hasStock, m.hasCategories, m.hasCosts, m.hasCustomers, m.hasSampleData, m.stores],
      [true, true, false, true, false, true, false, 1],
    );
  });
});

describe('executiveDashboard', () => {
  it('shows the last full month with its comparisons', () => {
    const d = executiveDashboard(db, { period: 'month' });
    // The data ends on Saturday 30 March: March is not complete, so February is the last full month.
    assert.deepEqual([d.period.from, d.period.to, d.period.complete], ['2024-02-01', '2024-02-29', true]);
    assert.deepEqual(d.previous, { from: '2024-01-01', to: '2024-01-31' });
    assert.equal(d.lastYear, null);
    // February 2024: 25 open days, 4 of them Saturdays → 21 + 4×2 = 29 day-units of 10 + 12 + 1.
    assert.equal(d.kpis.current.netSales, 29 * 23);
    assert.equal(d.kpis.current.orders, 29 * 2);
    assert.equal(d.trend.bucket, 'day');
    assert.equal(d.trend.points.length, 29);
    assert.equal(d.trend.points[0].compareDate, '2024-01-01');
    assert.equal(d.trend.forecast, null);
    assert.equal(d.nav.nextAnchor, '2024-03-01');
  });

  it('ranks products, leaves postage out, and splits sales by category', () => {
    const d = executiveDashboard(db, { period: 'month', anchor: '2024-02-10' });
    assert.deepEqual(
      d.topProducts.map((p) => p.name),
      ['Candle', 'Mug'],
    );
    assert.equal(d.topProducts[0].net, 29 * 12);
    assert.ok(Math.abs(d.topProducts[0].share - 348 / 638) < 1e-9);
    assert.deepEqual(
      d.byCategory.map((c) => [c.name, c.net]),
      [
        ['Uncategorised', 348],
        ['Kitchen', 290],
      ],
    );
  });

  it('counts a customer as new in the period of their first purchase', () => {
    const mar = executiveDashboard(db, { period: 'custom', from: '2024-03-01', to: '2024-03-30' });
    assert.equal(mar.newVsReturning.newCustomers, 1, 'customer 3');
    assert.equal(mar.newVsReturning.returningCustomers, 2, 'customers 1 and 2');
    assert.equal(mar.newVsReturning.newNet, 15);
  });

  it('compares a partial month like for like', () => {
    const d = executiveDashboard(db, { period: 'month', anchor: '2024-03-15' });
    assert.equal(d.period.complete, false);
    assert.deepEqual(d.previous, { from: '2024-02-01', to: '2024-02-29' }, 'February has only 29 days');
    assert.deepEqual(d.kpis.current.to, '2024-03-30');
  });
});

describe('operationsDashboard', () => {
  it('compares the latest day with the same weekday of the last 8 weeks', () => {
    const o = operationsDashboard(db);
    assert.equal(o.latestDate, '2024-03-30');
    // Saturday 30 March: 2×(10 + 1) = 22 (no candles in March); the 8 Saturdays before: 4 in March/Feb…
    assert.equal(o.day!.actual.net, 22);
    assert.equal(o.day!.weeksInNormal, 8);
    // Saturdays 23, 16, 9, 2 March: 22 each; 24, 17, 10, 3 Feb: 20 + 24 + 2 = 46 each → normal 34.
    assert.equal(o.day!.normal!.net, 34);
    assert.equal(o.recent.length, 56);
  });

  it('maps the hour × weekday heatmap with Monday first', () => {
    const o = operationsDashboard(db);
    assert.ok(o.heatmap.hasHours);
    const sunday = o.heatmap.cells.filter((c) => c.weekday === 6);
    assert.equal(sunday.length, 0, 'closed on Sundays');
    const mon10 = o.heatmap.cells.find((c) => c.weekday === 0 && c.hour === 10)!;
    assert.ok(mon10.net > 0);
    assert.deepEqual([...new Set(o.heatmap.cells.map((c) => c.hour))].sort(), [10, 15]);
  });

  it('finds the movers: the candle stopped selling', () => {
    const o = operationsDashboard(db);
    assert.equal(o.movers.worst[0].name, 'Candle');
    assert.equal(o.movers.worst[0].current, 0);
    assert.ok(
      o.movers.best.every((m) => m.name !== 'Postage'),
      'postage is not a product',
    );
    assert.equal(o.refunds.returns, 5);
    assert.equal(o.refunds.topReturned[0].name, 'Mug');
    assert.equal(o.anomalies, null);
  });
});

describe('inventoryDashboard', () => {
  it('explains that no stock file was imported, and still ranks products ABC', () => {
    const inv = inventoryDashboard(db);
    assert.equal(inv.hasStock, false);
    assert.deepEqual(inv.stock, []);
    // Mug 905, candle 720: the candle starts at 56% of sales, under 80%, so both are A.
    assert.deepEqual(
      inv.abc.top.map((r) => [r.name, r.abcClass]),
      [
        ['Mug', 'A'],
        ['Candle', 'A'],
      ],
    );
    assert.equal(inv.abc.top[0].net, 905);
    assert.deepEqual(
      inv.abc.classes.map((c) => c.products),
      [2, 0, 0],
    );
  });

  it('works out stock on hand from the last count, receipts and sales since', () => {
    const t = db.transaction(() => {
      db.exec(`INSERT INTO import_batches (id, file_name, profile, source_kind, started_at, finished_at) VALUES (2, 'stock.csv', 'stock', 'stock', 'x', 'x');
        INSERT INTO product_info (batch_id, product_id, cost, price, category, supplier, lead_time_days) VALUES (2, 1, 2.5, 5, 'Kitchen', 'Potter', 10);
        INSERT INTO stock_movements (batch_id, line_key, date, product_id, store_id, kind, quantity) VALUES
          (2, 1, '2024-03-01', 1, 1, 'count', 40),
          (2, 2, '2024-03-20', 1, 1, 'receipt', 24),
          (2, 3, '2024-02-01', 2, 1, 'count', 30);`);
    });
    t();
    const inv = inventoryDashboard(db, { safetyDays: 7 });
    const mug = inv.stock.find((r) => r.name === 'Mug')!;
    // Sold from 2 to 30 March: 20 weekdays × 2 + 5 Saturdays × 4 = 60, less the refunded one → 59.
    assert.equal(mug.onHand, 40 + 24 - 59);
    assert.equal(mug.leadTimeDays, 10, 'from the product list');
    assert.equal(mug.stockValue, 5 * 2.5);
    // Rate over the last 28 days (3–30 March): 24 open days, 4 Saturdays → 28 × 2 − 1 = 55 units.
    assert.ok(Math.abs(mug.dailyRate - 55 / 28) < 1e-9);
    assert.equal(mug.status, 'low', '5 units < 55/28 × (10 + 7)');
    assert.equal(mug.reorderQty, Math.ceil((55 / 28) * (10 + 7 + 14) - 5));
    const candle = inv.stock.find((r) => r.name === 'Candle')!;
    // Counted 30 on 1 Feb; sold in February after the count: 28 days − 4 Sundays = 24 + 4 Saturdays = 28.
    assert.equal(candle.onHand, 2);
    assert.equal(candle.status, 'slow', 'in stock, no sale in the last 28 days');
    assert.equal(inv.summary.products, 2);
    assert.equal(inv.summary.lowStock, 1);
    assert.ok(inv.reorders.some((r) => r.name === 'Mug'));
  });
});

describe('customersDashboard', () => {
  it('counts customers, repeat rate and monthly cohorts', () => {
    const c = customersDashboard(db);
    assert.equal(c.summary.customers, 3);
    assert.equal(c.summary.repeatCustomers, 2, 'customers 1 and 2 bought more than once');
    assert.ok(Math.abs(c.summary.repeatRate - 2 / 3) < 1e-9);
    const jan = c.cohorts.find((x) => x.cohort === '2024-01')!;
    assert.equal(jan.size, 2);
    assert.deepEqual(jan.retention, [1, 0.5, 1], 'customer 1 every month, customer 2 again in March');
    assert.deepEqual(c.cohorts.find((x) => x.cohort === '2024-03')!.retention, [1]);
    assert.equal(c.topCustomers.find((x) => x.customerId === 2)!.name, 'Ada Lovelace');
    assert.equal(c.topCustomers.find((x) => x.customerId === 1)!.name, 'Customer 1');
    assert.deepEqual(
      c.newPerMonth.map((m) => [m.month, m.newCustomers, m.returningCustomers]),
      [
        ['2024-01', 2, 0],
        ['2024-02', 0, 1],
        ['2024-03', 1, 2],
      ],
    );
    assert.equal(c.segments, null);
  });
});

describe('dataQuality', () => {
  it('sums the imports and finds the gaps', () => {
    const q = dataQuality(db);
    assert.equal(q.rowsRead, 1000);
    assert.equal(q.rowsRejected, 6);
    assert.equal(q.gaps.length, 0, 'one closed day a week is not a gap');
    assert.equal(q.products, 2);
    assert.ok(q.checks.some((c) => /rejected/.test(c.message)));
  });
});

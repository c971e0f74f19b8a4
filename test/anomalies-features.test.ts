/**
 * The anomaly model's features, baseline and sentences on a synthetic shop
 * whose every day is known: a weekly pattern, a slow trend, noise from a
 * seeded generator, Saturdays closed, one spike, one drop, one mistyped line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seasonalBaseline } from '../core/models/anomalies/baseline.js';
import { explainDay, explainLine, explainRefundDay, money, ratioWords, shortDate } from '../core/models/anomalies/explain.js';
import { dayFeatures, lineFeatures, openWeekdays, weekdayOf } from '../core/models/anomalies/features.js';
import { trainAnomalies } from '../core/models/anomalies/train.js';
import type { AnomalyData } from '../core/models/anomalies/types.js';
import { mulberry32 } from '../core/models/random.js';
import { addDays } from '../core/analytics/periods.js';

const WEEKLY = [1.0, 0.9, 1.0, 1.1, 1.5, 0, 0.6]; // Monday … Sunday; Saturday closed
const START = '2024-01-01'; // a Monday
const DAYS = 364;
const SPIKE = 150; // a Friday? index 150 is weekday 150 % 7 = 3: a Thursday
const DROP = 220; // 220 % 7 = 3: a Thursday

function syntheticShop(): AnomalyData {
  const r = mulberry32(99);
  const dates = Array.from({ length: DAYS }, (_, i) => addDays(START, i));
  const net = new Float64Array(DAYS);
  const orders = new Float64Array(DAYS);
  const lines = new Float64Array(DAYS);
  for (let i = 0; i < DAYS; i++) {
    const w = WEEKLY[i % 7];
    if (!w) continue;
    const level = 1000 * (1 + i / DAYS) * (1 + 0.05 * (r() - 0.5));
    orders[i] = Math.round(40 * w * (1 + i / DAYS) * (1 + 0.1 * (r() - 0.5)));
    net[i] = level * w;
    lines[i] = orders[i] * 2;
  }
  net[SPIKE] *= 3;
  orders[SPIKE] *= 3;
  net[DROP] *= 0.25;
  orders[DROP] *= 0.25;
  const topOrders = new Float64Array(3 * DAYS);
  topOrders.set([net[SPIKE] * 0.4, net[SPIKE] * 0.2, 10], 3 * SPIKE);
  // 40 lines a day of 5 products, and one line keyed as quantity 100.
  const lineDay: number[] = [];
  const lineProduct: number[] = [];
  const qty: number[] = [];
  const price: number[] = [];
  for (let i = 0; i < DAYS; i++) {
    if (!lines[i]) continue;
    for (let k = 0; k < 40; k++) {
      lineDay.push(i);
      lineProduct.push(k % 5);
      // Mostly one, sometimes two or three; now and then a discount.
      qty.push(r() < 0.75 ? 1 : r() < 0.7 ? 2 : 3);
      price.push([2.5, 3.0, 4.75, 12, 20][k % 5] * (r() < 0.9 ? 1 : 0.8 + 0.1 * r()));
    }
  }
  lineDay.push(100);
  lineProduct.push(2);
  qty.push(100);
  price.push(4.75);
  const n = lineDay.length;
  return {
    currency: 'GBP',
    dates,
    holidays: ['2024-01-01', '2024-12-25'],
    days: { net, orders, returns: new Float64Array(DAYS), lines, topOrders },
    products: ['Tea', 'Coffee', 'Latte', 'Cake', 'Book'].map((name, i) => ({ sku: `P-${i}`, name })),
    productDays: {
      day: new Int32Array(0),
      product: new Int32Array(0),
      units: new Float64Array(0),
      net: new Float64Array(0),
      returns: new Float64Array(0),
      orders: new Float64Array(0),
      refundLines: new Float64Array(0),
    },
    lines: {
      day: Int32Array.from(lineDay),
      product: Int32Array.from(lineProduct),
      quantity: Float64Array.from(qty),
      unitPrice: Float64Array.from(price),
      receipt: new Int32Array(n).fill(-1),
    },
    receipts: [],
  };
}

const ctx = { seed: 42, signal: new AbortController().signal, progress() {} };

test('the seasonal baseline recovers weekday × level, and a spike does not move its neighbours', () => {
  const n = 140;
  const values = new Float64Array(n);
  const traded = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = 500 * [1, 1, 1, 1, 2, 0.5, 0.5][i % 7];
    traded[i] = 1;
  }
  values[70] = values[70] * 5;
  const e = seasonalBaseline(values, traded);
  for (let i = 0; i < n; i++) {
    const truth = 500 * [1, 1, 1, 1, 2, 0.5, 0.5][i % 7];
    assert.ok(Math.abs(e[i] - truth) < 1e-9, `day ${i}: expected ${e[i]}, truth ${truth}`);
  }
});

test('weekdays the shop never trades are never scored', () => {
  const data = syntheticShop();
  const open = openWeekdays(data);
  assert.deepEqual(open, [true, true, true, true, true, false, true]);
  const set = dayFeatures(data);
  for (let r = 0; r < set.rows; r++) assert.notEqual(weekdayOf(data.dates[set.source[r]]), 5);
  assert.equal(set.rows, DAYS - 52);
});

test('the day features are standardised residuals: the spike and the drop stand out, with their signs', () => {
  const set = dayFeatures(makeShop());
  const zOf = (day: number) => set.z[Array.from(set.source).indexOf(day)];
  assert.ok(zOf(SPIKE) > 5, `spike z ${zOf(SPIKE)}`);
  assert.ok(zOf(DROP) < -5, `drop z ${zOf(DROP)}`);
  const others = Array.from(set.z).filter((_, r) => set.source[r] !== SPIKE && set.source[r] !== DROP);
  assert.ok(Math.max(...others.map(Math.abs)) < 4, `largest ordinary |z| ${Math.max(...others.map(Math.abs))}`);
  // Context columns: weekday and month of the spike's date.
  const row = Array.from(set.source).indexOf(SPIKE);
  assert.equal(set.matrix[row * set.dims + 2], weekdayOf(addDays(START, SPIKE)));
  assert.equal(set.matrix[row * set.dims + 3], Number(addDays(START, SPIKE).slice(5, 7)));
});

function makeShop() {
  return syntheticShop();
}

test('training finds the spike, the drop and the mistyped line, with the right directions, and nothing on closed days', async () => {
  const data = syntheticShop();
  const { outputs, metrics, params } = await trainAnomalies(data, ctx);
  const total = outputs.anomalies.filter((a) => a.scope === 'total');
  assert.deepEqual(
    total
      .slice(0, 2)
      .map((a) => [a.date, a.direction])
      .sort(),
    [
      [addDays(START, SPIKE), 'spike'],
      [addDays(START, DROP), 'drop'],
    ].sort(),
  );
  const line = outputs.anomalies.filter((a) => a.scope === 'line');
  assert.equal(line[0]?.date, addDays(START, 100));
  assert.equal(line[0]?.actual, 100);
  assert.match(line[0].explanation, /Latte \(P-2\) rung up as quantity 100 \(usually 1(\.5)?\) at £4\.75 each/);
  for (const a of outputs.anomalies) assert.notEqual(weekdayOf(a.date), 5);
  assert.equal(params.trees, 100);
  assert.equal(params.sampleSize, 256);
  assert.ok((metrics.anomalies as number) >= 3);
  // Same data, same seed: the same anomalies.
  assert.deepEqual((await trainAnomalies(data, ctx)).outputs, outputs);
});

test("the forecast's expected values can replace the baseline", async () => {
  const data = syntheticShop();
  // A forecast that expected the spike (a promotion it knew about): the spike day is no longer unusual.
  const expected = seasonalBaseline(
    data.days.net,
    Uint8Array.from(data.days.lines, (l) => (l > 0 ? 1 : 0)),
  );
  expected[SPIKE] = data.days.net[SPIKE]!;
  const { outputs, params } = await trainAnomalies(data, ctx, { expected });
  assert.equal(params.baseline, 'forecast');
  assert.ok(!outputs.anomalies.some((a) => a.scope === 'total' && a.date === addDays(START, SPIKE)));
  assert.ok(outputs.anomalies.some((a) => a.scope === 'total' && a.date === addDays(START, DROP)));
});

test('single lines: the typed quantity is the line furthest out', () => {
  const set = lineFeatures(syntheticShop());
  let best = 0;
  for (let r = 1; r < set.rows; r++) if (Math.abs(set.z[r]) > Math.abs(set.z[best])) best = r;
  assert.equal(set.actual[best], 100);
  assert.ok(Math.abs(set.z[best] - Math.log(100)) < 0.5);
});

test('sentences', () => {
  assert.equal(shortDate('2011-06-14'), 'Tue 14 Jun');
  assert.equal(money(4210.4, 'GBP'), '£4,210');
  assert.equal(money(12.5, 'USD'), '$12.50');
  assert.equal(money(-1566.2, 'GBP'), '−£1,566');
  assert.equal(money(1234567, null), '1,234,567');
  assert.equal(ratioWords(3000, 1000), 'about 3×');
  assert.equal(ratioWords(1400, 1000), '40% more than');
  assert.equal(ratioWords(250, 1000), 'about a quarter of');
  assert.equal(
    explainDay({ date: '2011-06-14', expected: 1403.3, actual: 4210, currency: 'GBP', topOrders: [1800, 768, 300] }),
    'Tue 14 Jun: £4,210, about 3× a normal Tuesday in June; 61% of it from 2 orders',
  );
  assert.equal(
    explainDay({ date: '2011-06-14', expected: 1403.3, actual: 4210, currency: 'GBP', topOrders: [300, 200] }),
    'Tue 14 Jun: £4,210, about 3× a normal Tuesday in June',
  );
  assert.equal(
    explainDay({ date: '2024-09-09', expected: 1174.2, actual: 281.67, currency: 'USD', topOrders: [] }),
    'Mon 9 Sep: $282, about a quarter of a normal Monday in September ($1,174 expected)',
  );
  assert.equal(
    explainRefundDay({ date: '2011-12-09', returns: 168789.07, share: 0.84, usualShare: 0.08, currency: 'GBP' }),
    "Fri 9 Dec: refunds of £168,789, 84% of the day's sales (usually 8%)",
  );
  assert.equal(
    explainLine({
      date: '2024-06-13',
      product: { sku: 'CAF-005', name: 'Latte' },
      aboutPrice: true,
      expected: 10,
      actual: 1000,
      quantity: 1,
      unitPrice: 1000,
      receipt: 'R-1',
      currency: 'GBP',
    }),
    'Thu 13 Jun: Latte (CAF-005) at £1,000.00 each (usually £10.00), 1 sold, receipt R-1',
  );
});

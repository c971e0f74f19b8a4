/**
 * The default sample shop has the properties truth.json claims, checked on the
 * written files themselves (no importer): weekly and yearly seasonality,
 * separable customer archetypes, anomalies on their days, and stock that can be
 * followed from counts, receipts and sales.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cents, readCsvFile } from '../sample-data/csv-read.js';
import { generateSampleShop, SAMPLE_FILES } from '../sample-data/generator.js';
import type { SampleTruth } from '../sample-data/truth.js';

interface SquareRow {
  date: string;
  weekday: number;
  net: number;
  qty: number;
  refund: boolean;
  sku: string;
  txn: string;
  customer: string;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-sample-props-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let truth: SampleTruth;
let square: SquareRow[] = [];
let shopify: Array<Record<string, string>> = [];
/** Square net sales per day (cents), open days only. */
const daily = new Map<string, number>();

const weekdayOf = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

before(async () => {
  const result = await generateSampleShop({ out: dir });
  assert.equal(result.from, '2024-01-01');
  assert.equal(result.to, '2025-12-31');
  truth = JSON.parse(fs.readFileSync(path.join(dir, SAMPLE_FILES.truth), 'utf8')) as SampleTruth;
  square = readCsvFile(path.join(dir, SAMPLE_FILES.square)).rows.map((r) => ({
    date: r.Date,
    weekday: weekdayOf(r.Date),
    net: cents(r['Net Sales']),
    qty: Number(r.Qty),
    refund: r['Event Type'] === 'Refund',
    sku: r.SKU,
    txn: r['Transaction ID'],
    customer: r['Customer ID'],
  }));
  shopify = readCsvFile(path.join(dir, SAMPLE_FILES.shopify)).rows;
  for (const r of square) daily.set(r.date, (daily.get(r.date) ?? 0) + r.net);
});

describe('the default sample shop', () => {
  it('is two years, about 100 products, about 1,000 customers and 100,000+ lines', () => {
    assert.equal(truth.period.days, 731);
    assert.equal(truth.seed, 20251231);
    assert.ok(truth.demand.products.length >= 90 && truth.demand.products.length <= 120);
    assert.equal(truth.customers.square.length, 1000);
    assert.ok(truth.totals.lines >= 100_000, `${truth.totals.lines} lines`);
    assert.equal(truth.totals.lines, square.length + shopify.length);
    assert.equal(truth.totals.squarePaymentLines, square.filter((r) => !r.refund).length);
    const walkIn = square.filter((r) => !r.customer).length / square.length;
    assert.ok(walkIn > 0.35, `walk-in share ${walkIn}`);
  });

  it('is closed on the days truth lists, and trades on every other day', () => {
    const closed = new Set<string>(truth.calendar.closedDays.map((d: { date: string }) => d.date));
    for (const d of ['2024-12-25', '2024-12-26', '2025-01-01', '2025-12-25']) assert.ok(closed.has(d), `${d} should be closed`);
    for (const d of closed) assert.equal(daily.get(d), undefined, `sales on closed day ${d}`);
    let open = 0;
    for (let t = Date.UTC(2024, 0, 1); t <= Date.UTC(2025, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      if (!closed.has(iso)) {
        open++;
        assert.ok(daily.has(iso), `no sales on open day ${iso}`);
      }
    }
    assert.equal(open, 731 - closed.size);
  });

  it('has the weekly profile truth states', () => {
    const skip = new Set<string>([...truth.calendar.specialDays.map((d: { date: string }) => d.date), ...truth.anomalies.map((a: { date: string }) => a.date)]);
    const byWeekday: number[][] = WEEKDAYS.map(() => []);
    for (const [date, net] of daily) if (!skip.has(date)) byWeekday[weekdayOf(date)].push(net);
    const observed = byWeekday.map(mean);
    const expected = WEEKDAYS.map((w) => truth.calendar.weeklyProfile[w] as number);
    const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));
    const argmin = (xs: number[]) => xs.indexOf(Math.min(...xs));
    assert.equal(argmax(observed), argmax(expected), `busiest weekday: observed ${observed.map(Math.round).join(',')}`);
    assert.equal(argmin(observed), argmin(expected), 'quietest weekday');
    // Shape agreement: correlation of the seven weekday means with the profile.
    const mo = mean(observed);
    const me = mean(expected);
    const cov = observed.reduce((a, o, i) => a + (o - mo) * (expected[i] - me), 0);
    const corr = cov / Math.sqrt(observed.reduce((a, o) => a + (o - mo) ** 2, 0) * expected.reduce((a, e) => a + (e - me) ** 2, 0));
    assert.ok(corr > 0.95, `weekday correlation ${corr.toFixed(3)}`);
    // Saturday vs Monday as truth says (money-weighted retail tilts weekends a little more).
    const ratio = observed[6] / observed[1];
    const truthRatio = expected[6] / expected[1];
    assert.ok(ratio > truthRatio * 0.9 && ratio < truthRatio * 1.5, `Sat/Mon ${ratio.toFixed(2)} vs truth ${truthRatio.toFixed(2)}`);
  });

  it('peaks in December and lulls in summer', () => {
    const byMonth = new Map<string, number[]>();
    for (const [date, net] of daily) {
      const m = date.slice(5, 7);
      byMonth.set(m, [...(byMonth.get(m) ?? []), net]);
    }
    const avg = new Map([...byMonth].map(([m, xs]) => [m, mean(xs)]));
    const sorted = [...avg].sort((a, b) => b[1] - a[1]);
    assert.equal(sorted[0][0], '12', `busiest month by daily average: ${sorted[0][0]}`);
    assert.ok(['05', '06', '07'].includes(sorted[sorted.length - 1][0]), `quietest month: ${sorted[sorted.length - 1][0]}`);
    assert.ok(avg.get('12')! > 1.4 * avg.get('07')!, `December/July ${(avg.get('12')! / avg.get('07')!).toFixed(2)}`);
    // Trend: the second year is bigger than the first.
    const year = (y: string) => [...daily].filter(([d]) => d.startsWith(y)).reduce((a, [, v]) => a + v, 0);
    assert.ok(year('2025') > year('2024') * 1.02, 'growth from 2024 to 2025');
  });

  it('has separable customer archetypes (in store and online)', () => {
    const orders = new Map<string, Set<string>>();
    const spend = new Map<string, number>();
    const last = new Map<string, string>();
    for (const r of square) {
      if (!r.customer || r.refund) continue;
      if (!orders.has(r.customer)) orders.set(r.customer, new Set());
      orders.get(r.customer)!.add(r.txn);
      spend.set(r.customer, (spend.get(r.customer) ?? 0) + r.net);
      if ((last.get(r.customer) ?? '') < r.date) last.set(r.customer, r.date);
    }
    const group = (a: string) =>
      truth.customers.square.filter((c: { archetype: string; orders: number }) => c.archetype === a && c.orders > 0) as Array<{
        id: string;
        orders: number;
        activeTo: string;
      }>;
    const count = (id: string) => orders.get(id)?.size ?? 0;
    const aov = (id: string) => spend.get(id)! / count(id);
    for (const c of truth.customers.square as Array<{ id: string; orders: number }>)
      assert.equal(count(c.id), c.orders, `${c.id}: truth says ${c.orders} orders`);

    const oneOff = group('one-off');
    assert.ok(oneOff.length > 400);
    for (const c of oneOff) assert.equal(count(c.id), 1, `one-off ${c.id}`);
    const regular = group('regular');
    const big = group('big-spender');
    const lapsing = group('lapsing');
    assert.ok(median(regular.map((c) => count(c.id))) > 50, 'regulars come often');
    assert.ok(Math.min(...regular.map((c) => count(c.id))) > 10 * 1, 'every regular ≫ a one-off visitor');
    const othersAov = median([...regular, ...oneOff, ...lapsing].map((c) => aov(c.id)));
    assert.ok(median(big.map((c) => aov(c.id))) > 4 * othersAov, `big spenders' average order ${median(big.map((c) => aov(c.id)))} vs ${othersAov}`);
    for (const c of lapsing) assert.ok(last.get(c.id)! <= c.activeTo, `lapsing ${c.id} bought after ${c.activeTo}`);
    const daysBeforeEnd = (d: string) => (Date.UTC(2025, 11, 31) - Date.parse(`${d}T00:00:00Z`)) / 86_400_000;
    assert.ok(median(lapsing.map((c) => daysBeforeEnd(last.get(c.id)!))) > 180, 'lapsing customers have long stopped');
    assert.ok(median(regular.map((c) => daysBeforeEnd(last.get(c.id)!))) < 14, 'regulars are recent');

    // Online, customers are e-mails: one order per one-off, many per regular.
    const online = new Map<string, Set<string>>();
    for (const r of shopify) {
      if (!online.has(r.Email)) online.set(r.Email, new Set());
      online.get(r.Email)!.add(r.Name);
    }
    const onlineGroup = (a: string) =>
      (truth.customers.shopify as Array<{ email: string; archetype: string; orders: number }>).filter((c) => c.archetype === a && c.orders > 0);
    for (const c of truth.customers.shopify as Array<{ email: string; orders: number }>) assert.equal(online.get(c.email)?.size ?? 0, c.orders, c.email);
    for (const c of onlineGroup('one-off')) assert.equal(c.orders, 1);
    assert.ok(median(onlineGroup('regular').map((c) => c.orders)) >= 10 * median(onlineGroup('one-off').map((c) => c.orders)));
  });

  it('has each injected anomaly on the day truth says', () => {
    const kinds = new Set(truth.anomalies.map((a: { kind: string }) => a.kind));
    for (const k of ['spike', 'drop', 'refund-burst', 'till-typo']) assert.ok(kinds.has(k), `no ${k}`);
    const special = new Set<string>(truth.calendar.specialDays.map((d: { date: string }) => d.date));
    const sameWeekdayMedian = (date: string) =>
      median([...daily].filter(([d]) => weekdayOf(d) === weekdayOf(date) && d !== date && !special.has(d)).map(([, v]) => v));
    for (const a of truth.anomalies as Array<{ date: string; kind: string; sku: string | null; magnitude: number }>) {
      const total = daily.get(a.date)!;
      if (a.kind === 'spike') assert.ok(total > 2 * sameWeekdayMedian(a.date), `spike ${a.date}: ${total} vs median ${sameWeekdayMedian(a.date)}`);
      if (a.kind === 'drop') assert.ok(total < 0.5 * sameWeekdayMedian(a.date), `drop ${a.date}: ${total} vs median ${sameWeekdayMedian(a.date)}`);
      if (a.kind === 'refund-burst') {
        const refunds = square.filter((r) => r.refund && r.sku === a.sku && r.date === a.date).length;
        assert.equal(refunds, a.magnitude);
        assert.ok(refunds >= 5, `burst of ${refunds}`);
        const otherDays = new Map<string, number>();
        for (const r of square) if (r.refund && r.sku === a.sku && r.date !== a.date) otherDays.set(r.date, (otherDays.get(r.date) ?? 0) + 1);
        assert.ok(Math.max(0, ...otherDays.values()) <= 2, 'no other day comes close');
      }
      if (a.kind === 'till-typo') {
        const typo = square.filter((r) => r.date === a.date && r.sku === a.sku && r.qty === a.magnitude);
        assert.equal(typo.length, 1, `till typo on ${a.date}`);
      }
    }
    const huge = square.filter((r) => r.qty >= 50);
    assert.equal(huge.length, truth.anomalies.filter((a: { kind: string }) => a.kind === 'till-typo').length, 'quantity 100 only where a typo was injected');
  });

  it('stock follows: count = previous count + receipts − units sold since', () => {
    const counts = readCsvFile(path.join(dir, SAMPLE_FILES.stockCounts)).rows;
    const receipts = readCsvFile(path.join(dir, SAMPLE_FILES.stockReceipts)).rows;
    const stocked = new Set(counts.map((c) => c.SKU));
    const moves = new Map<string, Array<{ date: string; delta: number }>>();
    const add = (sku: string, date: string, delta: number) => {
      if (!stocked.has(sku)) return;
      if (!moves.has(sku)) moves.set(sku, []);
      moves.get(sku)!.push({ date, delta });
    };
    for (const r of receipts) add(r.SKU, r.Date, Number(r.Received));
    for (const r of square) add(r.sku, r.date, -r.qty);
    let orderShipped = false;
    for (const r of shopify) {
      if (r['Financial Status']) orderShipped = r['Financial Status'] === 'paid' || r['Financial Status'] === 'partially_refunded';
      if (orderShipped && r['Lineitem sku']) add(r['Lineitem sku'], r['Created at'].slice(0, 10), -Number(r['Lineitem quantity']));
    }
    const bySku = new Map<string, Array<{ date: string; onHand: number }>>();
    for (const c of counts) bySku.set(c.SKU, [...(bySku.get(c.SKU) ?? []), { date: c.Date, onHand: Number(c['On Hand']) }]);
    let checked = 0;
    for (const [sku, list] of bySku) {
      for (let k = 1; k < list.length; k++) {
        const [a, b] = [list[k - 1], list[k]];
        const delta = (moves.get(sku) ?? []).filter((m) => m.date > a.date && m.date <= b.date).reduce((s, m) => s + m.delta, 0);
        assert.equal(b.onHand, a.onHand + delta, `${sku}: ${a.date} ${a.onHand} → ${b.date} ${b.onHand}, movements ${delta}`);
        assert.ok(b.onHand >= 0);
        checked++;
      }
    }
    assert.ok(checked > 1000, `${checked} count intervals checked`);
  });
});

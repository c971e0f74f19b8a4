/**
 * Reads what the anomaly model needs from the store: the days (gold
 * daily_summary), the products' days (daily_product), one pass over the
 * counted sales lines for single lines, order totals and refund lines, and the
 * forecast's expected value for each past day (forecast_expected of the latest
 * good forecast run). The only anomaly module that sees SQL on the way in.
 */
import Holidays from 'date-holidays';
import type { AnomalyData } from '../anomalies/types.js';
import type { Db } from '../../store/db.js';
import { isoToDay, KIND } from '../../store/kinds.js';
import { dashboardMeta } from '../../analytics/meta.js';
import { addDays } from '../../analytics/periods.js';
import { currentDataVersion, latestGoodRun } from '../registry.js';
import { readForecastExpected } from '../store/forecast.js';

/** The country whose public holidays give the context features, from the shop's currency (null: none known). */
const COUNTRY_BY_CURRENCY: Record<string, string> = {
  GBP: 'GB',
  USD: 'US',
  CAD: 'CA',
  AUD: 'AU',
  NZD: 'NZ',
  JPY: 'JP',
  CHF: 'CH',
  SEK: 'SE',
  NOK: 'NO',
  DKK: 'DK',
  PLN: 'PL',
  CZK: 'CZ',
  BRL: 'BR',
  SGD: 'SG',
  ILS: 'IL',
  ZAR: 'ZA',
  ISK: 'IS',
  HKD: 'HK',
  INR: 'IN',
  MXN: 'MX',
};

export function publicHolidays(country: string | null, from: string, to: string): string[] {
  if (!country) return [];
  const hd = new Holidays(country);
  const out = new Set<string>();
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const h of hd.getHolidays(y) || []) {
      const d = h.date.slice(0, 10);
      if (h.type === 'public' && d >= from && d <= to) out.add(d);
    }
  }
  return [...out].sort();
}

/**
 * The days the anomaly model reads: the last three years, like the forecast. On ten years of the
 * real shop (5.4 million lines) reading every line took 25 s of the 38 s training and 1 GB;
 * unusual days, products and till mistakes are news about recent trade, and three years give
 * every weekday, month and product pattern its history.
 */
export const ANOMALY_HISTORY_DAYS = 3 * 364;

export function readAnomalyData(db: Db): AnomalyData {
  const meta = dashboardMeta(db);
  const empty = (): AnomalyData => ({
    currency: meta.currency,
    dates: [],
    holidays: [],
    days: { net: new Float64Array(0), orders: new Float64Array(0), returns: new Float64Array(0), lines: new Float64Array(0), topOrders: new Float64Array(0) },
    products: [],
    productDays: {
      day: new Int32Array(0),
      product: new Int32Array(0),
      units: new Float64Array(0),
      net: new Float64Array(0),
      returns: new Float64Array(0),
      orders: new Float64Array(0),
      refundLines: new Float64Array(0),
    },
    lines: { day: new Int32Array(0), product: new Int32Array(0), quantity: new Float64Array(0), unitPrice: new Float64Array(0), receipt: new Int32Array(0) },
    receipts: [],
  });
  if (!meta.firstDate || !meta.lastDate) return empty();
  const from = [meta.firstDate, addDays(meta.lastDate, 1 - ANOMALY_HISTORY_DAYS)].sort()[1];
  const dates: string[] = [];
  for (let d = from; d <= meta.lastDate; d = addDays(d, 1)) dates.push(d);
  const dayIndex = new Map(dates.map((d, i) => [d, i]));
  const dayIndexOfInt = new Map(dates.map((d, i) => [isoToDay(d), i]));
  const n = dates.length;
  const data = empty();
  data.dates = dates;
  data.holidays = publicHolidays(meta.currency ? (COUNTRY_BY_CURRENCY[meta.currency] ?? null) : null, from, meta.lastDate);
  data.days = {
    net: new Float64Array(n),
    orders: new Float64Array(n),
    returns: new Float64Array(n),
    lines: new Float64Array(n),
    topOrders: new Float64Array(3 * n),
  };
  for (const r of db
    .prepare(
      'SELECT date, sum(net) AS net, sum(orders) AS orders, sum(returns) AS returns, sum(lines) AS lines FROM daily_summary WHERE date >= ? GROUP BY date',
    )
    .raw()
    .iterate(from) as IterableIterator<[string, number, number, number, number]>) {
    const i = dayIndex.get(r[0]);
    if (i === undefined) continue;
    data.days.net[i] = r[1];
    data.days.orders[i] = r[2];
    data.days.returns[i] = r[3];
    data.days.lines[i] = r[4];
  }

  // Products: database id -> index into data.products (real products only).
  const productIndex = new Map<number, number>();
  for (const p of db.prepare('SELECT id, sku, name FROM products WHERE is_product = 1 ORDER BY id').all() as Array<{
    id: number;
    sku: string | null;
    name: string;
  }>) {
    productIndex.set(p.id, data.products.length);
    data.products.push({ sku: p.sku, name: p.name });
  }

  // Summed over stores in JS: plain reads of the summary (no GROUP BY, which costs SQLite a sort) and a keyed map.
  const P = data.products.length;
  const pdKey = new Map<number, number>(); // day × products + product -> row
  const acc = { day: [] as number[], product: [] as number[], units: [] as number[], net: [] as number[], returns: [] as number[], orders: [] as number[] };
  for (const [date, productId, qty, net, returns, orders] of db
    .prepare('SELECT date, product_id, quantity, net, returns, orders FROM daily_product WHERE date >= ?')
    .raw()
    .iterate(from) as IterableIterator<[string, number, number, number, number, number]>) {
    const p = productIndex.get(productId);
    const i = dayIndex.get(date);
    if (p === undefined || i === undefined) continue;
    const key = i * P + p;
    const row = pdKey.get(key);
    if (row === undefined) {
      pdKey.set(key, acc.day.length);
      acc.day.push(i);
      acc.product.push(p);
      acc.units.push(qty);
      acc.net.push(net);
      acc.returns.push(returns);
      acc.orders.push(orders);
    } else {
      acc.units[row] += qty;
      acc.net[row] += net;
      acc.returns[row] += returns;
      acc.orders[row] += orders;
    }
  }
  const pd = {
    day: Int32Array.from(acc.day),
    product: Int32Array.from(acc.product),
    units: Float64Array.from(acc.units),
    net: Float64Array.from(acc.net),
    returns: Float64Array.from(acc.returns),
    orders: Float64Array.from(acc.orders),
    refundLines: new Float64Array(acc.day.length),
  };
  data.productDays = pd;

  // One pass over the counted lines, in date order: the product sale lines,
  // each order's total (for "61% of it from 2 orders") and refund lines per product and day.
  const lineDay: number[] = [];
  const lineProduct: number[] = [];
  const lineQty: number[] = [];
  const linePrice: number[] = [];
  const lineOrder: number[] = [];
  const orderTotal = new Map<number, { day: number; net: number }>();
  const stmt = db
    // A plain scan while the history is short (reading every line through the date index costs twice the
    // time); a long one is read from its last three years through the index.
    .prepare(
      from === meta.firstDate
        ? 'SELECT date, order_id, product_id, kind, quantity, gross, net FROM sales_lines WHERE kind <> ? AND +date >= ?'
        : 'SELECT date, order_id, product_id, kind, quantity, gross, net FROM sales_lines INDEXED BY sales_lines_date WHERE kind <> ? AND date >= ?',
    )
    .raw();
  for (const [date, order, product, kind, qty, gross, net] of stmt.iterate(KIND.void, isoToDay(from)) as IterableIterator<
    [number, number | null, number, number, number, number, number]
  >) {
    const i = dayIndexOfInt.get(date);
    if (i === undefined) continue;
    if (order !== null && kind === KIND.sale) {
      const o = orderTotal.get(order);
      if (o) o.net += net;
      else orderTotal.set(order, { day: i, net });
    }
    const p = productIndex.get(product);
    if (p === undefined) continue;
    if (kind === KIND.refund || kind === KIND.cancel) {
      const row = pdKey.get(i * P + p);
      if (row !== undefined) pd.refundLines[row]++;
    } else if (kind === KIND.sale && qty > 0) {
      lineDay.push(i);
      lineProduct.push(p);
      lineQty.push(qty);
      linePrice.push(gross / qty);
      lineOrder.push(order ?? -1);
    }
  }
  // The largest three orders of each day.
  for (const { day, net } of orderTotal.values()) {
    const t = data.days.topOrders;
    const b = 3 * day;
    if (net > t[b]) {
      t[b + 2] = t[b + 1]!;
      t[b + 1] = t[b]!;
      t[b] = net;
    } else if (net > t[b + 1]) {
      t[b + 2] = t[b + 1]!;
      t[b + 1] = net;
    } else if (net > t[b + 2]) t[b + 2] = net;
  }

  // Receipts only for the orders that have product lines; index into data.receipts.
  const receiptIndex = new Map<number, number>();
  const receiptOf = db.prepare('SELECT id, receipt FROM orders').raw().iterate() as IterableIterator<[number, string]>;
  const wanted = new Set(lineOrder);
  for (const [id, receipt] of receiptOf) {
    if (!wanted.has(id)) continue;
    receiptIndex.set(id, data.receipts.length);
    data.receipts.push(receipt);
  }
  readForecastExpectations(db, data, dayIndexOfInt);
  data.lines = {
    day: Int32Array.from(lineDay),
    product: Int32Array.from(lineProduct),
    quantity: Float64Array.from(lineQty),
    unitPrice: Float64Array.from(linePrice),
    receipt: Int32Array.from(lineOrder, (o) => receiptIndex.get(o) ?? -1),
  };
  return data;
}

/**
 * The forecast's expected net sales per day, from the latest good forecast run.
 * In a training (core/models/train-all.ts, kinds in the order of
 * core/models/kinds.ts) the forecast trains first and its run is committed
 * before this kind reads, so this is the run just trained; if that run failed,
 * the good one before it, which covers the days up to its own data (later days
 * fall back to the seasonal baseline). A training of this kind alone
 * (`tillsight train --kind anomalies`) reads whatever forecast run serves;
 * `expectedFrom` records which, and whether it saw the current data.
 */
function readForecastExpectations(db: Db, data: AnomalyData, dayIndex: Map<number, number>): void {
  const run = latestGoodRun(db, 'forecast');
  if (!run) {
    data.expectedFrom = { forecastRun: null, days: 0, sawCurrentData: false };
    return;
  }
  const expected = new Float64Array(data.dates.length).fill(NaN);
  let days = 0;
  for (const [date, value] of readForecastExpected(db, run.id)) {
    const i = dayIndex.get(date);
    if (i === undefined) continue;
    expected[i] = value;
    days++;
  }
  data.expectedFrom = { forecastRun: run.id, days, sawCurrentData: run.dataVersion === currentDataVersion(db) };
  if (days) data.expected = expected;
}

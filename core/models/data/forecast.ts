/**
 * Reads what the forecast model trains on (the only forecast module that sees
 * SQL). Everything is cut at `until` (YYYYMMDD, inclusive) so no later data can
 * leak into a backtest or a `tillsight forecast --until` run:
 *  - the shop's net sales per day (daily_summary, every store);
 *  - units per product per day on sale lines only (sales_lines kind 0, read
 *    through its date index: refunds and cancellations are not negative demand,
 *    where daily_product nets them), with the day's average selling price;
 *  - net sales per category per day and per product in total (daily_product);
 *  - categories and lead times (product lists, newest wins), stock on hand at
 *    the cut (stock files), the shop's country (a setting, else its customers'
 *    main country, else GB) and currency;
 *  - the days the owner marked as an error (anomaly_marks, any scope: a mistyped
 *    line distorts its day's total, product and category too): left out of
 *    training, every series holding a stand-in there (forecast/excluded.ts), and
 *    listed in `excludedDays` for the run's parameters. Marking or unmarking
 *    such a day moves the data version (migration 8), so the models retrain.
 */
import { currencyForCountry } from '../../analytics/meta.js';
import { productIndex } from '../../analytics/cache.js';
import { stockOnHand } from '../../analytics/stock.js';
import { getMeta, type Db } from '../../store/db.js';
import { dayToIso, isoToDay, KIND } from '../../store/kinds.js';
import { addDaysYmd, daysBetween } from '../forecast/days.js';
import { HISTORY_DAYS } from '../forecast/train.js';
import { fillExcludedDays } from '../forecast/excluded.js';
import { excludedTrainingDays } from '../store/anomalies.js';
import type { ForecastData, ProductHistory } from '../forecast/types.js';

/** Products with no sale in the last year of history are not forecast (their forecast is 0). */
const ACTIVE_DAYS = 365;

export interface ReadOptions {
  /** Last day of data to use (YYYYMMDD); default the last day with sales. */
  until?: number;
  /**
   * Days of history to read, ending at `until` (default HISTORY_DAYS, what the models see). Read,
   * not only cut after reading: on ten years of the real shop, reading everything made
   * `tillsight forecast --until` take 15.6 s of CPU and 707 MB.
   */
  historyDays?: number;
}

/** The history to train on, or null when there are no sales up to `until`. */
export function readForecastData(db: Db, options: ReadOptions = {}): ForecastData | null {
  const untilIso = options.until !== undefined ? dayToIso(options.until) : '9999-12-31';
  const range = db.prepare('SELECT min(date) AS first, max(date) AS last FROM daily_summary WHERE date <= ?').get(untilIso) as {
    first: string | null;
    last: string | null;
  };
  if (!range.first || !range.last) return null;
  const end = options.until !== undefined ? options.until : isoToDay(range.last);
  const start = Math.max(isoToDay(range.first), addDaysYmd(end, 1 - (options.historyDays ?? HISTORY_DAYS)));
  const n = daysBetween(start, end) + 1;
  const index = (iso: string) => daysBetween(start, isoToDay(iso));

  const excludedDays = excludedTrainingDays(db)
    .map(isoToDay)
    .filter((d) => d >= start && d <= end);
  const excluded = excludedDays.map((d) => daysBetween(start, d));
  const isExcluded = new Set(excluded);

  const total = new Float64Array(n);
  for (const [date, net] of db
    .prepare('SELECT date, sum(net) FROM daily_summary WHERE date BETWEEN ? AND ? GROUP BY date')
    .raw()
    .iterate(dayToIso(start), dayToIso(end)) as IterableIterator<[string, number]>) {
    total[index(date)] = net;
  }
  fillExcludedDays(total, excluded);

  const info = productIndex(db);
  // Units and sale value per product per day, from the sale lines.
  const units = new Map<number, Float64Array>();
  const value = new Map<number, Float64Array>();
  const lastSale = new Map<number, number>();
  const saleRows = db
    .prepare(
      `SELECT date, product_id, sum(quantity), sum(net) FROM sales_lines WHERE kind = ${KIND.sale} AND date BETWEEN ? AND ? AND quantity > 0 GROUP BY date, product_id`,
    )
    .raw()
    .iterate(start, end) as IterableIterator<[number, number, number, number]>;
  for (const [date, p, q, net] of saleRows) {
    if (!info.get(p)?.isProduct) continue;
    let u = units.get(p);
    let v = value.get(p);
    if (!u || !v) {
      units.set(p, (u = new Float64Array(n)));
      value.set(p, (v = new Float64Array(n)));
    }
    const i = daysBetween(start, date);
    u[i] = q;
    v[i] = net;
    if (!isExcluded.has(i)) lastSale.set(p, i);
  }

  // Net sales per product (ranking) and per category per day.
  const productNet = new Map<number, number>();
  const byCategory = new Map<string, Float64Array>();
  for (const [date, p, net] of db
    .prepare('SELECT date, product_id, net FROM daily_product WHERE date BETWEEN ? AND ?')
    .raw()
    .iterate(dayToIso(start), dayToIso(end)) as IterableIterator<[string, number, number]>) {
    const prod = info.get(p);
    if (!prod?.isProduct) continue;
    if (isExcluded.has(index(date))) continue; // its stand-in is filled in below
    productNet.set(p, (productNet.get(p) ?? 0) + net);
    const cat = prod.category?.trim();
    if (!cat) continue;
    let c = byCategory.get(cat);
    if (!c) byCategory.set(cat, (c = new Float64Array(n)));
    c[index(date)] += net;
  }

  const hasStock = !!db.prepare('SELECT 1 FROM stock_movements WHERE date <= ? LIMIT 1').get(dayToIso(end));
  const onHand: ReturnType<typeof stockOnHand> = hasStock ? stockOnHand(db, dayToIso(end)) : new Map<number, never>();
  const products: ProductHistory[] = [];
  const usedKeys = new Set<string>();
  for (const [p, u] of units) {
    const last = lastSale.get(p);
    if (last === undefined || last < n - ACTIVE_DAYS) continue;
    const prod = info.get(p)!;
    const v = value.get(p)!;
    const prices = new Float64Array(n);
    for (let i = 0; i < n; i++) prices[i] = u[i] > 0 && !isExcluded.has(i) ? v[i] / u[i] : NaN;
    fillExcludedDays(u, excluded);
    let key = prod.sku ?? prod.name;
    if (usedKeys.has(key)) key = `${key} #${p}`;
    usedKeys.add(key);
    products.push({
      id: p,
      key,
      sku: prod.sku,
      name: prod.name,
      category: prod.category,
      units: u,
      prices,
      net: productNet.get(p) ?? 0,
      leadTimeDays: prod.leadTime,
      onHand: onHand.get(p)?.units ?? null,
    });
  }
  products.sort((a, b) => a.id - b.id);

  const top = db.prepare(`SELECT country FROM customers WHERE country IS NOT NULL AND country <> '' GROUP BY country ORDER BY count(*) DESC LIMIT 1`).get() as
    { country: string } | undefined;
  const setting = getMeta(db, 'country');
  // As written (a name or an ISO code): training turns it into a holiday calendar.
  const country = setting || top?.country || 'GB';
  const currency = getMeta(db, 'currency') ?? currencyForCountry(top?.country) ?? null;
  const categories = [...byCategory].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([name, values]) => ({ name, values: fillExcludedDays(values, excluded) }));
  return { start, end, total, categories, products, country, currency, excludedDays };
}

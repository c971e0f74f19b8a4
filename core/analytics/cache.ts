/**
 * Dashboard results and monthly product roll-ups, kept in memory per database
 * connection and dropped as soon as the data changes.
 *
 * The data version is SQLite's `PRAGMA data_version` (bumped by every commit of
 * another connection: imports and undo run in worker threads) together with a
 * signature of import_batches (every import, undo and sample load changes it,
 * whichever connection wrote). Reading both costs microseconds.
 */
import type { Db } from '../store/db.js';

interface Entry {
  version: string;
  results: Map<string, unknown>;
  months: Map<string, Map<number, ProductAgg>>;
}

export interface ProductAgg {
  net: number;
  units: number;
  orders: number;
  returns: number;
}

const byDb = new WeakMap<Db, Entry>();
let enabled = true;

/** Turns the memo off (benchmarks measure the queries themselves) or on. */
export function setDashboardCache(on: boolean): void {
  enabled = on;
}

export function dataVersion(db: Db): string {
  const v = db.pragma('data_version', { simple: true }) as number;
  const b = db
    .prepare(`SELECT count(*) AS n, coalesce(max(id), 0) AS m, coalesce(max(finished_at), '') AS f, coalesce(sum(rows_imported), 0) AS s FROM import_batches`)
    .get() as { n: number; m: number; f: string; s: number };
  return `${v}|${b.n}|${b.m}|${b.f}|${b.s}`;
}

function entry(db: Db): Entry {
  const version = dataVersion(db);
  let e = byDb.get(db);
  if (!e || e.version !== version) {
    e = { version, results: new Map(), months: new Map() };
    byDb.set(db, e);
  }
  return e;
}

/** The result of compute() for this key and the current data, computed once. */
export function memo<T>(db: Db, key: string, compute: () => T): T {
  if (!enabled) return compute();
  const e = entry(db);
  if (e.results.has(key)) return e.results.get(key) as T;
  const value = compute();
  if (e.results.size > 200) e.results.clear();
  e.results.set(key, value);
  return value;
}

/** Drops the memoised results but keeps the monthly roll-ups (benchmarks: a new view on warm roll-ups). */
export function forgetResults(db: Db): void {
  byDb.get(db)?.results.clear();
}

/** Whether a month's roll-up is already kept (for warm-up). */
export function isMonthCached(db: Db, month: string): boolean {
  return enabled && entry(db).months.has(month);
}

/** Whether a key is already computed for the current data (for warm-up). */
export function isCached(db: Db, key: string): boolean {
  return enabled && entry(db).results.has(key);
}

function lastDayOfMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function rangeTotals(db: Db, from: string, to: string, into: Map<number, ProductAgg>): void {
  const rows = db
    .prepare(
      `SELECT product_id AS p, sum(net) AS net, sum(quantity) AS units, sum(orders) AS orders, sum(returns) AS returns
         FROM daily_product WHERE date >= ? AND date <= ? GROUP BY product_id`,
    )
    .raw()
    .all(from, to) as Array<[number, number, number, number, number]>;
  for (const [p, net, units, orders, returns] of rows) {
    const a = into.get(p);
    if (a) {
      a.net += net;
      a.units += units;
      a.orders += orders;
      a.returns += returns;
    } else into.set(p, { net, units, orders, returns });
  }
}

/** One month's sales per product ('YYYY-MM'), from the monthly_product gold table; kept until the data changes. */
export function monthTotals(db: Db, month: string): Map<number, ProductAgg> {
  const e = enabled ? entry(db) : null;
  const hit = e?.months.get(month);
  if (hit) return hit;
  const m = new Map<number, ProductAgg>();
  const rows = db
    .prepare('SELECT product_id, sum(net), sum(quantity), sum(orders), sum(returns) FROM monthly_product WHERE month = ? GROUP BY product_id')
    .raw()
    .all(month) as Array<[number, number, number, number, number]>;
  for (const [p, net, units, orders, returns] of rows) m.set(p, { net, units, orders, returns });
  e?.months.set(month, m);
  return m;
}

/**
 * Sales per product over a span: whole months from monthly_product (from the
 * per-month memo when warm, else one grouping over the span), the ragged ends
 * from daily_product directly. A year's view reads 12 months, not 365 days.
 */
export function productTotals(db: Db, from: string, to: string): Map<number, ProductAgg> {
  const out = new Map<number, ProductAgg>();
  if (from > to) return out;
  const add = (src: Map<number, ProductAgg>) => {
    for (const [p, a] of src) {
      const o = out.get(p);
      if (o) {
        o.net += a.net;
        o.units += a.units;
        o.orders += a.orders;
        o.returns += a.returns;
      } else out.set(p, { ...a });
    }
  };
  let month = from.slice(0, 7);
  const lastMonth = to.slice(0, 7);
  // Short spans inside one or two months: read the days directly.
  if (month === lastMonth || nextMonth(month) === lastMonth) {
    rangeTotals(db, from, to, out);
    return out;
  }
  if (from !== `${month}-01`) {
    rangeTotals(db, from, lastDayOfMonth(month), out);
    month = nextMonth(month);
  }
  const wholeTo = to === lastDayOfMonth(lastMonth) ? lastMonth : null;
  const months: string[] = [];
  for (; month < lastMonth; month = nextMonth(month)) months.push(month);
  if (wholeTo) months.push(wholeTo);
  if (months.every((m) => isMonthCached(db, m))) {
    for (const m of months) add(monthTotals(db, m));
  } else if (months.length) {
    // Cold: one grouping over monthly_product for the whole span beats one query per month.
    const rows = db
      .prepare('SELECT product_id, sum(net), sum(quantity), sum(orders), sum(returns) FROM monthly_product WHERE month BETWEEN ? AND ? GROUP BY product_id')
      .raw()
      .all(months[0], months.at(-1)) as Array<[number, number, number, number, number]>;
    add(new Map(rows.map(([p, net, units, orders, returns]) => [p, { net, units, orders, returns }])));
  }
  if (!wholeTo) rangeTotals(db, `${lastMonth}-01`, to, out);
  return out;
}

export interface ProductInfo {
  sku: string | null;
  name: string;
  category: string | null;
  isProduct: boolean;
  cost: number | null;
  leadTime: number | null;
}

/** Every product with its newest product-list attributes (category, cost, lead time), once per data version. */
export function productIndex(db: Db): Map<number, ProductInfo> {
  return memo(db, 'product-index', () => {
    const latest = new Map<number, { category: string | null; cost: number | null; lead: number | null }>();
    const info = db.prepare('SELECT product_id AS p, category, cost, lead_time_days AS lead FROM product_info ORDER BY batch_id').all() as Array<{
      p: number;
      category: string | null;
      cost: number | null;
      lead: number | null;
    }>;
    for (const r of info) {
      // The newest batch wins, field by field where it says something.
      const cur = latest.get(r.p) ?? { category: null, cost: null, lead: null };
      latest.set(r.p, { category: r.category || cur.category, cost: r.cost ?? cur.cost, lead: r.lead ?? cur.lead });
    }
    const out = new Map<number, ProductInfo>();
    for (const r of db.prepare('SELECT id, sku, name, category, is_product FROM products').raw().iterate() as IterableIterator<
      [number, string | null, string, string | null, number]
    >) {
      const l = latest.get(r[0]);
      out.set(r[0], { sku: r[1], name: r[2], category: l?.category || r[3] || null, isProduct: r[4] === 1, cost: l?.cost ?? null, leadTime: l?.lead ?? null });
    }
    return out;
  });
}

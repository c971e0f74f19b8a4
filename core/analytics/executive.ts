/**
 * The executive dashboard: the period's headline figures against the previous
 * period and the same period last year (kpis() from ./kpis.ts), the sales
 * trend, sales by category, top products, and new vs returning customers.
 */
import type { ExecutiveDashboard, ForecastBand, NamedValue, PeriodInput, TopProduct, TrendPoint } from '../../common/api-dashboards.js';
import type { Kpis } from '../../common/api.js';
import type { Db } from '../store/db.js';
import { productIndex, productTotals } from './cache.js';
import { kpis } from './kpis.js';
import { bucketStart, bucketStarts, dataRange, planPeriod, trendBucket, type PeriodRequest } from './periods.js';

/**
 * Hook for the forecasting work: when a model can forecast the shop's daily
 * sales, register it here and the trend chart draws its band after the data.
 */
export type ForecastProvider = (db: Db, span: { from: string; to: string; lastDataDate: string }) => ForecastBand | null;
let forecastProvider: ForecastProvider | null = null;
export function setForecastProvider(p: ForecastProvider | null): void {
  forecastProvider = p;
}

const UNCATEGORISED = 'Uncategorised';

function bucketSeries(db: Db, bucket: 'day' | 'week' | 'month', from: string, to: string): Map<string, { net: number; orders: number }> {
  const rows = db
    .prepare('SELECT date, sum(net) AS net, sum(orders) AS orders FROM daily_summary WHERE date >= ? AND date <= ? GROUP BY date')
    .all(from, to) as Array<{ date: string; net: number; orders: number }>;
  const out = new Map<string, { net: number; orders: number }>();
  for (const r of rows) {
    const k = bucketStart(bucket, r.date);
    const acc = out.get(k) ?? { net: 0, orders: 0 };
    acc.net += r.net;
    acc.orders += r.orders;
    out.set(k, acc);
  }
  return out;
}

export function executiveDashboard(db: Db, input: PeriodInput & { period: PeriodRequest['period'] }): ExecutiveDashboard {
  const range = dataRange(db);
  const today = new Date().toISOString().slice(0, 10);
  const first = range?.first ?? today;
  const last = range?.last ?? today;
  const plan = planPeriod(input, first, last);
  const eff = plan.effective;

  const current: Kpis = kpis(db, eff);
  const previous = plan.previous ? kpis(db, plan.previous) : null;
  const lastYear = plan.lastYear ? kpis(db, plan.lastYear) : null;

  // Trend over the period's buckets, with the previous period aligned bucket by bucket.
  const bucket = trendBucket(plan.period.days);
  const starts = bucketStarts(bucket, { from: plan.period.from, to: eff.to });
  const cur = bucketSeries(db, bucket, eff.from, eff.to);
  const cmpStarts = plan.previousFull ? bucketStarts(bucket, plan.previousFull) : [];
  const cmp = plan.previousFull ? bucketSeries(db, bucket, plan.previousFull.from, plan.previousFull.to) : new Map<string, { net: number; orders: number }>();
  const points: TrendPoint[] = starts.map((d, i) => {
    const c = cmpStarts[i];
    return {
      date: d,
      net: cur.get(d)?.net ?? 0,
      orders: cur.get(d)?.orders ?? 0,
      compareNet: c !== undefined ? (cmp.get(c)?.net ?? 0) : null,
      compareDate: c ?? null,
    };
  });
  const forecast = forecastProvider ? forecastProvider(db, { from: plan.period.from, to: plan.period.to, lastDataDate: last }) : null;

  // Products and categories over the period (whole months from the monthly roll-up).
  const index = productIndex(db);
  const products: Array<Omit<TopProduct, 'share'>> = [];
  for (const [productId, a] of productTotals(db, eff.from, eff.to)) {
    const p = index.get(productId);
    if (!p || !p.isProduct) continue;
    products.push({ productId, sku: p.sku, name: p.name, category: p.category, net: a.net, units: a.units, orders: a.orders });
  }
  const productNet = products.reduce((s, p) => s + p.net, 0);
  const cats = new Map<string, NamedValue>();
  for (const p of products) {
    const name = p.category ?? UNCATEGORISED;
    const c = cats.get(name) ?? { name, net: 0, units: 0 };
    c.net += p.net;
    c.units += p.units;
    cats.set(name, c);
  }
  const byCategory = [...cats.values()].sort((a, b) => b.net - a.net);
  const topProducts: TopProduct[] = products
    .sort((a, b) => b.net - a.net)
    .slice(0, 10)
    .map((p) => ({ ...p, share: productNet > 0 ? p.net / productNet : 0 }));

  // New vs returning: a customer is new in the period when their first purchase ever falls in it.
  const cust = db
    .prepare(
      `SELECT c.net, s.first_date AS first
         FROM (SELECT customer_id, sum(net) AS net FROM daily_customer WHERE date >= ? AND date <= ? GROUP BY customer_id) c
         JOIN customer_summary s USING (customer_id)`,
    )
    .all(eff.from, eff.to) as Array<{ net: number; first: string }>;
  let newCustomers = 0,
    returningCustomers = 0,
    newNet = 0,
    returningNet = 0;
  for (const c of cust) {
    if (c.first >= eff.from) {
      newCustomers++;
      newNet += c.net;
    } else {
      returningCustomers++;
      returningNet += c.net;
    }
  }
  const totalNet = (db.prepare('SELECT coalesce(sum(net), 0) AS n FROM daily_summary WHERE date >= ? AND date <= ?').get(eff.from, eff.to) as { n: number }).n;

  return {
    period: plan.period,
    nav: plan.nav,
    previous: plan.previous,
    lastYear: plan.lastYear,
    kpis: { current, previous, lastYear },
    trend: { bucket, points, forecast },
    byCategory,
    topProducts,
    newVsReturning: { newCustomers, returningCustomers, newNet, returningNet, anonymousNet: totalNet - newNet - returningNet },
  };
}

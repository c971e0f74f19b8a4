/**
 * The customers dashboard: counts, repeat rate, monthly cohort retention,
 * historic lifetime value and the best customers, from the per-customer
 * gold tables (customer_summary, customer_month) kept by every import and undo.
 */
import type { CustomersDashboard } from '../../common/api-dashboards.js';
import type { Db } from '../store/db.js';
import { addDays, addMonths, dataRange, diffDays } from './periods.js';

const ACTIVE_DAYS = 90;
const COHORTS = 12;

export function customerLabel(key: string, name: string | null): string {
  if (name && name.trim()) return name.trim();
  const i = key.indexOf(':');
  const rest = i >= 0 ? key.slice(i + 1) : key;
  return key.startsWith('id:') ? `Customer ${rest}` : rest;
}

function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

export function customersDashboard(db: Db): CustomersDashboard {
  const range = dataRange(db);
  // Per customer: first and last purchase, orders and spend (one GROUP BY, a row per customer).
  const per = db.prepare('SELECT customer_id, first_date, last_date, orders, net FROM customer_summary').raw().all() as Array<
    [number, string, string, number, number]
  >;
  const asOf = range?.last ?? null;
  const customers = per.length;
  const activeFrom = asOf ? addDays(asOf, -ACTIVE_DAYS + 1) : '';
  let active = 0,
    repeat = 0,
    orders = 0,
    net = 0,
    lifespan = 0;
  for (const [, first, last, o, v] of per) {
    if (asOf && last >= activeFrom) active++;
    if (o >= 2) repeat++;
    orders += o;
    net += v;
    lifespan += diffDays(first, last);
  }
  const values = per.map((r) => r[4]).sort((x, y) => x - y);
  const totalNet = (db.prepare('SELECT coalesce(sum(net), 0) AS n FROM daily_summary').get() as { n: number }).n;

  // Customers active in each month, by the month of their first purchase: new and returning
  // customers per month and the cohort matrix come from the same few hundred rows.
  const grid = db
    .prepare(
      `SELECT a.month, substr(f.first_date, 1, 7), count(*)
       FROM customer_month a JOIN customer_summary f USING (customer_id) GROUP BY 1, 2`,
    )
    .raw()
    .all() as Array<[string, string, number]>;
  const perMonth = new Map<string, { n: number; r: number }>();
  for (const [m, fm, n] of grid) {
    const x = perMonth.get(m) ?? { n: 0, r: 0 };
    if (m === fm) x.n += n;
    else x.r += n;
    perMonth.set(m, x);
  }
  const newPerMonth = [...perMonth.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, x]) => ({ month, newCustomers: x.n, returningCustomers: x.r }));

  // Monthly cohorts (the last 12): share of each cohort buying in month +k.
  const cohorts: CustomersDashboard['cohorts'] = [];
  if (asOf) {
    const lastMonth = asOf.slice(0, 7);
    const firstCohort = addMonths(`${lastMonth}-01`, -(COHORTS - 1)).slice(0, 7);
    const groups = new Map<string, number[]>();
    for (const [m, fm, n] of grid) {
      if (fm < firstCohort) continue;
      let g = groups.get(fm);
      if (!g) groups.set(fm, (g = new Array<number>(monthsBetween(fm, lastMonth) + 1).fill(0)));
      g[monthsBetween(fm, m)] = n;
    }
    for (const [cohort, g] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const size = g[0] || 1;
      cohorts.push({ cohort, size: g[0], retention: g.map((n) => n / size) });
    }
  }

  // Value bands by lifetime spend.
  const bands = [
    { band: 'Under 100', max: 100 },
    { band: '100–500', max: 500 },
    { band: '500–1,000', max: 1000 },
    { band: '1,000–5,000', max: 5000 },
    { band: '5,000 and over', max: Infinity },
  ].map((b) => ({ ...b, customers: 0, net: 0 }));
  for (const v of values) {
    const b = bands.find((x) => v < x.max) ?? bands[bands.length - 1];
    b.customers++;
    b.net += v;
  }

  const top = [...per].sort((a, b) => b[4] - a[4]).slice(0, 15);
  const info = db.prepare('SELECT key, name, country FROM customers WHERE id = ?');
  const topCustomers = top.map(([id, first, last, o, v]) => {
    const c = info.get(id) as { key: string; name: string | null; country: string | null } | undefined;
    return {
      customerId: id,
      name: c ? customerLabel(c.key, c.name) : `Customer #${id}`,
      country: c?.country ?? null,
      orders: o,
      net: v,
      firstDate: first,
      lastDate: last,
    };
  });

  return {
    asOf,
    summary: {
      customers,
      activeCustomers: active,
      activeWindowDays: ACTIVE_DAYS,
      repeatCustomers: repeat,
      repeatRate: customers ? repeat / customers : 0,
      avgOrdersPerCustomer: customers ? orders / customers : 0,
      avgOrderValue: orders ? net / orders : 0,
      avgLifetimeValue: customers ? net / customers : 0,
      medianLifetimeValue: values.length ? values[Math.floor(values.length / 2)] : 0,
      avgLifespanDays: customers ? lifespan / customers : 0,
      identifiedShare: totalNet > 0 ? Math.min(1, Math.max(0, net / totalNet)) : 0,
    },
    newPerMonth,
    cohorts,
    valueBands: bands.map(({ band, customers: n, net: v }) => ({ band, customers: n, net: v })),
    topCustomers,
    segments: null,
  };
}

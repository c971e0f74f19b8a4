/**
 * The customers dashboard: counts, repeat rate, monthly cohort retention,
 * historic lifetime value and the best customers. One pass over
 * daily_customer grouped by customer and month.
 */
import type { CustomersDashboard } from '../../common/api-dashboards.js';
import type { Db } from '../store/db.js';
import { addDays, addMonths, dataRange, diffDays } from './periods.js';

const ACTIVE_DAYS = 90;
const COHORTS = 12;

interface Agg {
  first: string;
  last: string;
  orders: number;
  net: number;
  months: string[];
}

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
  const rows = db
    .prepare(
      `SELECT customer_id AS c, substr(date, 1, 7) AS m, min(date) AS first, max(date) AS last, sum(orders) AS orders, sum(net) AS net
         FROM daily_customer GROUP BY customer_id, m ORDER BY customer_id, m`,
    )
    .all() as Array<{ c: number; m: string; first: string; last: string; orders: number; net: number }>;
  const byCustomer = new Map<number, Agg>();
  for (const r of rows) {
    const a = byCustomer.get(r.c);
    if (!a) byCustomer.set(r.c, { first: r.first, last: r.last, orders: r.orders, net: r.net, months: [r.m] });
    else {
      a.last = r.last;
      a.orders += r.orders;
      a.net += r.net;
      a.months.push(r.m);
    }
  }
  const asOf = range?.last ?? null;
  const all = [...byCustomer.entries()];
  const customers = all.length;
  const activeFrom = asOf ? addDays(asOf, -ACTIVE_DAYS + 1) : '';
  let active = 0, repeat = 0, orders = 0, net = 0, lifespan = 0;
  for (const [, a] of all) {
    if (asOf && a.last >= activeFrom) active++;
    if (a.orders >= 2) repeat++;
    orders += a.orders;
    net += a.net;
    lifespan += diffDays(a.first, a.last);
  }
  const values = all.map(([, a]) => a.net).sort((x, y) => x - y);
  const totalNet = (db.prepare('SELECT coalesce(sum(net), 0) AS n FROM daily_summary').get() as { n: number }).n;

  // New and returning customers per month.
  const perMonth = new Map<string, { n: number; r: number }>();
  for (const [, a] of all) {
    const fm = a.months[0]!;
    for (const m of a.months) {
      const x = perMonth.get(m) ?? { n: 0, r: 0 };
      if (m === fm) x.n++;
      else x.r++;
      perMonth.set(m, x);
    }
  }
  const newPerMonth = [...perMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, x]) => ({ month, newCustomers: x.n, returningCustomers: x.r }));

  // Monthly cohorts (the last 12): share of each cohort buying in month +k.
  const cohorts: CustomersDashboard['cohorts'] = [];
  if (asOf) {
    const lastMonth = asOf.slice(0, 7);
    const firstCohort = addMonths(`${lastMonth}-01`, -(COHORTS - 1)).slice(0, 7);
    const groups = new Map<string, { size: number; active: number[] }>();
    for (const [, a] of all) {
      const fm = a.months[0]!;
      if (fm < firstCohort) continue;
      let g = groups.get(fm);
      if (!g) {
        g = { size: 0, active: new Array<number>(monthsBetween(fm, lastMonth) + 1).fill(0) };
        groups.set(fm, g);
      }
      g.size++;
      for (const m of a.months) g.active[monthsBetween(fm, m)]!++;
    }
    for (const [cohort, g] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      cohorts.push({ cohort, size: g.size, retention: g.active.map((n) => n / g.size) });
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
    const b = bands.find((x) => v < x.max) ?? bands[bands.length - 1]!;
    b.customers++;
    b.net += v;
  }

  const top = all.sort(([, a], [, b]) => b.net - a.net).slice(0, 15);
  const info = db.prepare('SELECT key, name, country FROM customers WHERE id = ?');
  const topCustomers = top.map(([id, a]) => {
    const c = info.get(id) as { key: string; name: string | null; country: string | null } | undefined;
    return {
      customerId: id,
      name: c ? customerLabel(c.key, c.name) : `Customer #${id}`,
      country: c?.country ?? null,
      orders: a.orders,
      net: a.net,
      firstDate: a.first,
      lastDate: a.last,
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
      medianLifetimeValue: values.length ? values[Math.floor(values.length / 2)]! : 0,
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

/**
 * The operations dashboard: the latest day and week against normal, when the
 * shop sells (hour × weekday), what is moving, baskets, refunds and voids.
 * Reads daily_summary, daily_product and hourly_summary only.
 */
import type { DayFigures, Mover, OperationsDashboard } from '../../common/api-dashboards.js';
import type { Db } from '../store/db.js';
import { isoToDay, KIND } from '../store/kinds.js';
import { addDays, dataRange, isoWeekday, bucketStart } from './periods.js';

const NORMAL_WEEKS = 8;
const MOVERS_DAYS = 28;
const HEATMAP_DAYS = 84;
const TREND_WEEKS = 12;

interface DayRow {
  date: string;
  net: number;
  orders: number;
  units: number;
  customers: number;
  lines: number;
  returns: number;
  non_product: number;
}

const zero = (): DayFigures => ({ net: 0, orders: 0, units: 0, customers: 0 });

function add(a: DayFigures, b: DayFigures): DayFigures {
  return { net: a.net + b.net, orders: a.orders + b.orders, units: a.units + b.units, customers: a.customers + b.customers };
}

function scale(a: DayFigures, k: number): DayFigures {
  return { net: a.net * k, orders: a.orders * k, units: a.units * k, customers: a.customers * k };
}

export function operationsDashboard(db: Db, input: { date?: string | undefined } = {}): OperationsDashboard {
  const range = dataRange(db);
  const empty: OperationsDashboard = {
    latestDate: null,
    day: null,
    week: null,
    recent: [],
    heatmap: { hasHours: false, from: null, to: null, cells: [] },
    movers: { windowDays: MOVERS_DAYS, from: null, to: null, best: [], worst: [] },
    basket: { windowDays: MOVERS_DAYS, avgValue: 0, avgUnits: 0, avgLines: 0, weekly: [] },
    refunds: { windowDays: MOVERS_DAYS, returns: 0, returnRate: 0, voidedLines: 0, topReturned: [], weekly: [] },
    anomalies: null,
  };
  if (!range) return empty;
  const last = input.date && input.date >= range.first && input.date <= range.last ? input.date : range.last;
  const first = range.first;

  // Days from (last − 8 weeks − 8 weeks) to last: enough for every "normal" below. One indexed range read.
  const windowStart = addDays(last, -7 * NORMAL_WEEKS * 2 - 7);
  const rows = db
    .prepare(
      `SELECT date, sum(net) AS net, sum(orders) AS orders, sum(units) AS units, sum(customers) AS customers,
              sum(lines) AS lines, sum(returns) AS returns, sum(non_product) AS non_product
         FROM daily_summary WHERE date >= ? AND date <= ? GROUP BY date`,
    )
    .all(windowStart, last) as DayRow[];
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const figures = (d: string): DayFigures | null => {
    const r = byDate.get(d);
    return r ? { net: r.net, orders: r.orders, units: r.units, customers: r.customers } : null;
  };

  /** Average of the same weekday over the previous weeks, over days the shop traded. */
  const normalFor = (d: string): { fig: DayFigures; n: number } | null => {
    let sum = zero();
    let n = 0;
    for (let w = 1; w <= NORMAL_WEEKS; w++) {
      const prior = addDays(d, -7 * w);
      if (prior < first) break;
      const f = figures(prior);
      if (f) {
        sum = add(sum, f);
        n++;
      }
    }
    return n ? { fig: scale(sum, 1 / n), n } : null;
  };

  const dayActual = figures(last) ?? zero();
  const dayNormal = normalFor(last);

  // The latest 7 days against the same 7-day window in each of the previous 8 weeks.
  const weekFrom = addDays(last, -6);
  const sumSpan = (from: string, to: string): DayFigures => {
    let s = zero();
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const f = figures(d);
      if (f) s = add(s, f);
    }
    return s;
  };
  const weekActual = sumSpan(weekFrom, last);
  let weekNormalSum = zero();
  let weekN = 0;
  for (let w = 1; w <= NORMAL_WEEKS; w++) {
    const from = addDays(weekFrom, -7 * w);
    if (from < first) break;
    const s = sumSpan(from, addDays(last, -7 * w));
    if (s.orders > 0 || s.net !== 0) {
      weekNormalSum = add(weekNormalSum, s);
      weekN++;
    }
  }

  const recent: OperationsDashboard['recent'] = [];
  for (let d = addDays(last, -7 * NORMAL_WEEKS + 1); d <= last; d = addDays(d, 1)) {
    if (d < first) continue;
    const f = figures(d);
    recent.push({ date: d, net: f?.net ?? 0, orders: f?.orders ?? 0, normal: normalFor(d)?.fig.net ?? null });
  }

  // Heatmap: average net per weekday × hour over the last 12 weeks.
  const heatFrom = addDays(last, -HEATMAP_DAYS + 1);
  const hasHours = !!db.prepare('SELECT 1 FROM hourly_summary WHERE date >= ? AND date <= ? AND hour >= 0 LIMIT 1').get(heatFrom, last);
  const weekdayCount = new Array<number>(7).fill(0);
  for (let d = heatFrom; d <= last; d = addDays(d, 1)) if (d >= first) weekdayCount[isoWeekday(d)]++;
  const cells = hasHours
    ? (
        db
          .prepare(
            `SELECT weekday, hour, sum(net) AS net, sum(orders) AS orders FROM hourly_summary
              WHERE date >= ? AND date <= ? AND hour >= 0 GROUP BY weekday, hour`,
          )
          .all(heatFrom, last) as Array<{ weekday: number; hour: number; net: number; orders: number }>
      ).map((c) => {
        const wd = (c.weekday + 6) % 7;
        const n = weekdayCount[wd] || 1;
        return { weekday: wd, hour: c.hour, net: c.net / n, orders: c.orders / n };
      })
    : [];

  // Movers: the last 28 days against the 28 before, by product sales.
  const curFrom = addDays(last, -MOVERS_DAYS + 1);
  const prevFrom = addDays(last, -2 * MOVERS_DAYS + 1);
  const moverRows = db
    .prepare(
      `SELECT d.product_id AS productId, p.name, p.sku,
              sum(CASE WHEN d.date >= @cur THEN d.net ELSE 0 END) AS current,
              sum(CASE WHEN d.date < @cur THEN d.net ELSE 0 END) AS previous,
              sum(CASE WHEN d.date >= @cur THEN d.quantity ELSE 0 END) AS currentUnits,
              sum(CASE WHEN d.date < @cur THEN d.quantity ELSE 0 END) AS previousUnits
         FROM daily_product d JOIN products p ON p.id = d.product_id
        WHERE d.date >= @prev AND d.date <= @last AND p.is_product = 1
        GROUP BY d.product_id`,
    )
    .all({ cur: curFrom, prev: prevFrom, last }) as Array<Omit<Mover, 'change'>>;
  const movers = moverRows.map((m) => ({ ...m, change: m.current - m.previous }));
  const best = movers
    .filter((m) => m.change > 0)
    .sort((a, b) => b.change - a.change)
    .slice(0, 10);
  const worst = movers
    .filter((m) => m.change < 0)
    .sort((a, b) => a.change - b.change)
    .slice(0, 10);

  // Basket and refunds over the same 28 days, with 12 weekly points.
  let bNet = 0,
    bOrders = 0,
    bUnits = 0,
    bLines = 0,
    bReturns = 0;
  for (const r of rows) {
    if (r.date < curFrom) continue;
    bNet += r.net;
    bOrders += r.orders;
    bUnits += r.units;
    bLines += r.lines;
    bReturns += r.returns;
  }
  const trendFrom = bucketStart('week', addDays(last, -7 * TREND_WEEKS + 1));
  const weeklyRows = db
    .prepare(
      `SELECT date, sum(net) AS net, sum(orders) AS orders, sum(units) AS units, sum(returns) AS returns
         FROM daily_summary WHERE date >= ? AND date <= ? GROUP BY date`,
    )
    .all(trendFrom, last) as Array<{ date: string; net: number; orders: number; units: number; returns: number }>;
  const weeks = new Map<string, { net: number; orders: number; units: number; returns: number }>();
  for (const r of weeklyRows) {
    const w = bucketStart('week', r.date);
    const acc = weeks.get(w) ?? { net: 0, orders: 0, units: 0, returns: 0 };
    acc.net += r.net;
    acc.orders += r.orders;
    acc.units += r.units;
    acc.returns += r.returns;
    weeks.set(w, acc);
  }
  const weekKeys = [...weeks.keys()].sort();

  const topReturned = db
    .prepare(
      `SELECT p.name AS name, sum(d.returns) AS returns FROM daily_product d JOIN products p ON p.id = d.product_id AND p.is_product = 1
        WHERE d.date >= ? AND d.date <= ? AND d.returns > 0 GROUP BY d.product_id ORDER BY returns DESC LIMIT 8`,
    )
    .all(curFrom, last) as Array<{ name: string; returns: number }>;
  // Voided lines are not in the summaries (they never were sales). Only files with a void flag or a
  // status column can hold any; when one was imported, count them over 28 days of lines (date-indexed).
  const mayHaveVoids = !!db
    .prepare(
      `SELECT 1 FROM import_batches WHERE source_kind = 'sales' AND (profile LIKE 'shopify%' OR mapping_json LIKE '%"voidFlag"%' OR mapping_json LIKE '%"status"%') LIMIT 1`,
    )
    .get();
  const voided = mayHaveVoids
    ? (
        db.prepare('SELECT count(*) AS n FROM sales_lines WHERE date >= ? AND date <= ? AND kind = ?').get(isoToDay(curFrom), isoToDay(last), KIND.void) as {
          n: number;
        }
      ).n
    : 0;

  return {
    latestDate: last,
    day: { date: last, actual: dayActual, normal: dayNormal?.fig ?? null, weeksInNormal: dayNormal?.n ?? 0 },
    week: { from: weekFrom, to: last, actual: weekActual, normal: weekN ? scale(weekNormalSum, 1 / weekN) : null, weeksInNormal: weekN },
    recent,
    heatmap: { hasHours, from: heatFrom, to: last, cells },
    movers: { windowDays: MOVERS_DAYS, from: curFrom, to: last, best, worst },
    basket: {
      windowDays: MOVERS_DAYS,
      avgValue: bOrders ? bNet / bOrders : 0,
      avgUnits: bOrders ? bUnits / bOrders : 0,
      avgLines: bOrders ? bLines / bOrders : 0,
      weekly: weekKeys.map((w) => {
        const a = weeks.get(w)!;
        return { week: w, avgValue: a.orders ? a.net / a.orders : 0, avgUnits: a.orders ? a.units / a.orders : 0 };
      }),
    },
    refunds: {
      windowDays: MOVERS_DAYS,
      returns: bReturns,
      returnRate: bNet + bReturns > 0 ? bReturns / (bNet + bReturns) : 0,
      voidedLines: voided,
      topReturned,
      weekly: weekKeys.map((w) => ({ week: w, returns: weeks.get(w)!.returns, net: weeks.get(w)!.net })),
    },
    anomalies: null,
  };
}

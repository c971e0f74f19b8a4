/**
 * The segments model's training data, read from the gold tables: every
 * identified customer's days with activity (daily_customer: orders and net per
 * customer per day, all history to the last data date), and what was sold
 * without a customer, counted apart (daily_summary less the customers' part).
 * The only module of the segments model that sees SQL.
 */
import type { Db } from '../../store/db.js';
import { dayNumber, type CustomerHistory } from '../segments/history.js';
import type { SegmentsData } from '../segments/train.js';

export function readSegmentsData(db: Db): SegmentsData {
  const last = db.prepare('SELECT max(date) FROM daily_summary').pluck().get() as string | null;
  const rows = db.prepare('SELECT customer_id, date, orders, net FROM daily_customer ORDER BY customer_id, date').raw().all() as Array<
    [number, string, number, number]
  >;
  const ids: number[] = [];
  const start: number[] = [];
  const day = new Int32Array(rows.length);
  const orders = new Float64Array(rows.length);
  const net = new Float64Array(rows.length);
  // Dates repeat across customers: convert each distinct date once.
  const days = new Map<string, number>();
  rows.forEach(([id, date, o, v], e) => {
    if (ids[ids.length - 1] !== id) {
      ids.push(id);
      start.push(e);
    }
    let d = days.get(date);
    if (d === undefined) days.set(date, (d = dayNumber(date)));
    day[e] = d;
    orders[e] = o;
    net[e] = v;
  });
  start.push(rows.length);
  const history: CustomerHistory = {
    asOf: last ? dayNumber(last) : 0,
    ids: Int32Array.from(ids),
    start: Int32Array.from(start),
    day,
    orders,
    net,
  };
  // A customer's spend (daily_customer) counts every line they paid for, postage and fees included, so the
  // shop's total here does too (net sales + non-product lines), or the walk-in remainder would be off by them.
  const total = db.prepare('SELECT coalesce(sum(orders), 0) AS orders, coalesce(sum(net + non_product), 0) AS net FROM daily_summary').get() as {
    orders: number;
    net: number;
  };
  const known = db.prepare('SELECT coalesce(sum(orders), 0) AS orders, coalesce(sum(net), 0) AS net FROM daily_customer').get() as {
    orders: number;
    net: number;
  };
  return {
    history,
    walkIn: { orders: total.orders - known.orders, net: total.net - known.net },
    total,
  };
}

/** The date range the data covers (YYYYMMDD), for the model registry. */
export function segmentsDataRange(data: SegmentsData): { from: number | null; to: number | null } {
  const h = data.history;
  if (!h.day.length) return { from: null, to: null };
  let first = Infinity;
  for (const d of h.day) first = Math.min(first, d);
  const ymd = (d: number) => Number(new Date(d * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''));
  return { from: ymd(first), to: ymd(h.asOf) };
}

/** Each customer's identity as the till wrote it (the key without its 'id:'/'email:'/'name:' prefix), by database id. */
export function readCustomerIdentities(db: Db): Map<number, string> {
  const rows = db.prepare('SELECT id, key FROM customers').raw().all() as Array<[number, string]>;
  return new Map(rows.map(([id, key]) => [id, key.slice(key.indexOf(':') + 1)]));
}

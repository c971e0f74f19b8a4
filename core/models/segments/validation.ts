/**
 * Time-split check of the purchase model, as the owner would live it: fit on
 * the history up to a cut-off, predict each customer's purchases over the
 * following days, and compare with what they did. The baseline is the naive
 * "same rate as before": each customer's repeat-purchase rate so far (x / T)
 * carried over the held-out days. A purchase is a day with an order.
 */
import { expectedPurchases } from './bgnbd.js';
import { pearson } from './gamma-gamma.js';
import { customerFigures, isoOfDay, purchaseDaysBetween, WEEK, type CustomerHistory } from './history.js';
import { fitValueModels } from './value.js';

export interface ErrorFigures {
  /** Σ predicted, against Σ actual. */
  total: number;
  /** (Σ predicted − Σ actual) / Σ actual. */
  aggregateError: number;
  mae: number;
  rmse: number;
  /** Pearson correlation of predicted and actual, per customer. */
  correlation: number;
}

export interface BucketFigures {
  /** Repeat purchases before the cut-off. */
  bucket: string;
  customers: number;
  actual: number;
  model: number;
  naive: number;
}

export interface TimeSplitValidation {
  cutoff: string;
  end: string;
  holdoutDays: number;
  customers: number;
  params: { r: number; alpha: number; a: number; b: number };
  actualTotal: number;
  model: ErrorFigures;
  naive: ErrorFigures;
  /** Where the model under- or over-predicts. */
  byRepeatPurchases: BucketFigures[];
}

const BUCKETS: Array<[string, number, number]> = [
  ['0', 0, 0],
  ['1', 1, 1],
  ['2–3', 2, 3],
  ['4–7', 4, 7],
  ['8+', 8, Infinity],
];

function errors(pred: Float64Array, actual: Float64Array): ErrorFigures {
  let total = 0,
    act = 0,
    abs = 0,
    sq = 0;
  for (let i = 0; i < pred.length; i++) {
    total += pred[i];
    act += actual[i];
    abs += Math.abs(pred[i] - actual[i]);
    sq += (pred[i] - actual[i]) ** 2;
  }
  const n = pred.length || 1;
  return { total, aggregateError: act > 0 ? (total - act) / act : NaN, mae: abs / n, rmse: Math.sqrt(sq / n), correlation: pearson(pred, actual) };
}

/** Fits to the end of day `cutoff` and scores the predictions for days cutoff+1 … end (day numbers). */
export function validateTimeSplit(h: CustomerHistory, cutoff: number, end: number): TimeSplitValidation {
  const f = customerFigures(h, cutoff);
  const fit = fitValueModels(f).bgnbd;
  const days = end - cutoff;
  const t = days / WEEK;
  const all = purchaseDaysBetween(h, cutoff + 1, end);
  const n = f.x.length;
  const actual = Float64Array.from(f.index, (i) => all[i]);
  const model = new Float64Array(n);
  const naive = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    model[i] = expectedPurchases(fit, t, f.x[i], f.tx[i], f.T[i]);
    naive[i] = (f.x[i] / f.T[i]) * t;
  }
  const byRepeatPurchases = BUCKETS.map(([bucket, lo, hi]) => {
    const b = { bucket, customers: 0, actual: 0, model: 0, naive: 0 };
    for (let i = 0; i < n; i++) {
      if (f.x[i] < lo || f.x[i] > hi) continue;
      b.customers++;
      b.actual += actual[i];
      b.model += model[i];
      b.naive += naive[i];
    }
    return b;
  });
  return {
    cutoff: isoOfDay(cutoff),
    end: isoOfDay(end),
    holdoutDays: days,
    customers: n,
    params: { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b },
    actualTotal: actual.reduce((s, v) => s + v, 0),
    model: errors(model, actual),
    naive: errors(naive, actual),
    byRepeatPurchases,
  };
}

/**
 * The split the training reports on its own: the last 100 days held out
 * (the real data's 2011-09-01 … 2011-12-09), or a third of the history when it
 * is shorter; null when there is too little history to split.
 */
export function defaultSplit(h: CustomerHistory): { cutoff: number; end: number } | null {
  let first = Infinity;
  for (let e = 0; e < h.day.length; e++) first = Math.min(first, h.day[e]);
  if (!Number.isFinite(first)) return null;
  const span = h.asOf - first + 1;
  const holdout = Math.min(100, Math.floor(span / 3));
  if (holdout < 28) return null;
  return { cutoff: h.asOf - holdout, end: h.asOf };
}

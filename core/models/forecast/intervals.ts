/**
 * Prediction intervals from a backtest's own errors. Each error is scaled by the
 * size of the forecast it belongs to (so a shop that grows gets wider bands in
 * money, and a product's band follows its own level); the 10/90% and 2.5/97.5%
 * empirical quantiles of those scaled errors, per step ahead (pooled over nearby
 * steps for money series, over all steps for products, which are too noisy for
 * per-step quantiles), turn a mean forecast into 80% and 95% intervals.
 */

/** Empirical quantile with linear interpolation (R's type 7) of a sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  const x = (n - 1) * p;
  const lo = Math.floor(x);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (x - lo) * (sorted[hi] - sorted[lo]);
}

export interface ErrorQuantiles {
  q025: number;
  q10: number;
  q90: number;
  q975: number;
}

export function errorQuantiles(values: number[]): ErrorQuantiles | null {
  if (values.length < 4) return null;
  const s = Float64Array.from(values).sort();
  return { q025: quantileSorted(s, 0.025), q10: quantileSorted(s, 0.1), q90: quantileSorted(s, 0.9), q975: quantileSorted(s, 0.975) };
}

/** The scale an error is measured in at each step: the forecast itself, but never below a floor. */
export function errorScale(mean: Float64Array, open: (k: number) => boolean, historyLevel: number): Float64Array {
  let s = 0;
  let c = 0;
  for (let k = 0; k < mean.length; k++) {
    if (!open(k)) continue;
    s += mean[k];
    c++;
  }
  const level = c ? s / c : 0;
  const floor = Math.max(0.25 * level, 0.25 * historyLevel, 1e-9);
  const out = new Float64Array(mean.length);
  for (let k = 0; k < mean.length; k++) out[k] = Math.max(mean[k], floor);
  return out;
}

export interface Interval {
  lo80: Float64Array;
  hi80: Float64Array;
  lo95: Float64Array;
  hi95: Float64Array;
}

/**
 * Scaled errors of one series' backtest: errors[o][k] (NaN where there is no
 * actual or the day was expected closed). `pool` chooses which steps share
 * quantiles: 'near' = steps within ±3 of each other, 'all' = every step.
 */
export class ScaledErrors {
  constructor(
    readonly errors: Float64Array[],
    readonly pool: 'near' | 'all',
  ) {}

  private collect(k: number, skipOrigin: number): number[] {
    const out: number[] = [];
    const h = this.errors[0]?.length ?? 0;
    const from = this.pool === 'all' ? 0 : Math.max(0, k - 3);
    const to = this.pool === 'all' ? h - 1 : Math.min(h - 1, k + 3);
    for (let o = 0; o < this.errors.length; o++) {
      if (o === skipOrigin) continue;
      const e = this.errors[o];
      for (let j = from; j <= to; j++) if (!Number.isNaN(e[j])) out.push(e[j]);
    }
    // Far steps may have few errors (near origins have no actuals there): widen to every step.
    if (out.length < 8 && this.pool === 'near') return new ScaledErrors(this.errors, 'all').collect(k, skipOrigin);
    return out;
  }

  /** Intervals around `mean` (scaled by `scale`), leaving one origin's errors out when asked (honest backtest coverage). */
  intervals(mean: Float64Array, scale: Float64Array, closed: (k: number) => boolean, skipOrigin = -1): Interval {
    const h = mean.length;
    const r: Interval = { lo80: new Float64Array(h), hi80: new Float64Array(h), lo95: new Float64Array(h), hi95: new Float64Array(h) };
    let shared: ErrorQuantiles | null | undefined;
    for (let k = 0; k < h; k++) {
      if (closed(k)) continue;
      let q: ErrorQuantiles | null;
      if (this.pool === 'all') q = shared === undefined ? (shared = errorQuantiles(this.collect(k, skipOrigin))) : shared;
      else q = errorQuantiles(this.collect(k, skipOrigin));
      const m = mean[k];
      const s = scale[k];
      // Without enough errors, a wide band (±100% / ±200% of the forecast) rather than a false precision.
      const qq = q ?? { q025: -2, q10: -1, q90: 1, q975: 2 };
      r.lo95[k] = Math.max(0, m + qq.q025 * s);
      r.lo80[k] = Math.max(r.lo95[k], m + qq.q10 * s);
      r.hi95[k] = Math.max(r.lo95[k], m + qq.q975 * s);
      r.hi80[k] = Math.min(r.hi95[k], Math.max(r.lo80[k], m + qq.q90 * s));
    }
    return r;
  }
}

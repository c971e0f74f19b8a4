/**
 * The Theta method as R's forecast::thetaf computes it (Hyndman & Billah 2003:
 * Theta is simple exponential smoothing with drift equal to half the slope of
 * the linear trend):
 *  1. if the series is seasonal (autocorrelation at lag m beyond the 90% limit),
 *     divide by classical multiplicative seasonal indices (additive ones when the
 *     series has a zero or a negative value, where a ratio means nothing);
 *  2. SES with α minimising the one-step SSE;
 *  3. forecast(k) = SES + b/2 · ((k − 1) + (1 − (1 − α)^n)/α), b the OLS slope;
 *  4. put the season back.
 */
import { goldenSection } from '../optimize.js';

function acf(y: Float64Array, lag: number): number {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= n;
  let den = 0;
  let num = 0;
  for (let t = 0; t < n; t++) den += (y[t] - mean) ** 2;
  for (let t = lag; t < n; t++) num += (y[t] - mean) * (y[t - lag] - mean);
  return den > 0 ? num / den : 0;
}

function isSeasonal(y: Float64Array, m: number): boolean {
  if (m < 2 || y.length < 3 * m) return false;
  let s = 0;
  for (let k = 1; k < m; k++) s += acf(y, k) ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * s) / y.length);
  return Math.abs(acf(y, m)) > limit;
}

/** Classical decomposition's seasonal indices (centred moving average trend), by position mod m. */
export function seasonalIndices(y: Float64Array, m: number, multiplicative: boolean): Float64Array {
  const n = y.length;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let trend: number;
    if (m % 2) {
      let s = 0;
      for (let i = t - half; i <= t + half; i++) s += y[i];
      trend = s / m;
    } else {
      if (t + half >= n) continue;
      let s = (y[t - half] + y[t + half]) / 2;
      for (let i = t - half + 1; i < t + half; i++) s += y[i];
      trend = s / m;
    }
    const v = multiplicative ? (trend !== 0 ? y[t] / trend : NaN) : y[t] - trend;
    if (Number.isFinite(v)) {
      sums[t % m] += v;
      counts[t % m]++;
    }
  }
  const idx = new Float64Array(m);
  let mean = 0;
  for (let j = 0; j < m; j++) {
    idx[j] = counts[j] ? sums[j] / counts[j] : multiplicative ? 1 : 0;
    mean += idx[j] / m;
  }
  for (let j = 0; j < m; j++) idx[j] = multiplicative ? (mean !== 0 ? idx[j] / mean : 1) : idx[j] - mean;
  return idx;
}

function sesSse(x: Float64Array, alpha: number): { sse: number; level: number } {
  let l = x[0];
  let sse = 0;
  for (let t = 1; t < x.length; t++) {
    const e = x[t] - l;
    sse += e * e;
    l += alpha * e;
  }
  return { sse, level: l };
}

/** What Theta estimates from a series (steps 1 to 3): the season, the smoothing constant, the slope, SES's last level. */
export interface ThetaFit {
  /** Seasonal indices by position mod m, null when the series is not seasonal. */
  idx: Float64Array | null;
  multiplicative: boolean;
  alpha: number;
  /** OLS slope of the seasonally adjusted series; the drift is half of it. */
  slope: number;
  level: number;
}

/** Fits Theta to a series of at least 3 values. */
export function thetaFit(y: Float64Array, m: number): ThetaFit {
  const n = y.length;
  const seasonal = isSeasonal(y, m);
  let multiplicative = true;
  for (const v of y) if (v <= 0) multiplicative = false;
  const idx = seasonal ? seasonalIndices(y, m, multiplicative) : null;
  const x = new Float64Array(n);
  for (let t = 0; t < n; t++) x[t] = idx ? (multiplicative ? y[t] / idx[t % m] : y[t] - idx[t % m]) : y[t];
  const alpha = goldenSection((a) => sesSse(x, a).sse, 0.0001, 0.9999);
  const { level } = sesSse(x, alpha);
  // OLS slope of x on t.
  const tMean = (n - 1) / 2;
  let xMean = 0;
  for (const v of x) xMean += v;
  xMean /= n;
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - tMean) * (x[t] - xMean);
    den += (t - tMean) ** 2;
  }
  return { idx, multiplicative, alpha, slope: den > 0 ? num / den : 0, level };
}

/** The drift term's weight at k steps past the last of n values: (k − 1) + (1 − (1 − α)^n)/α, k from 1. */
export function thetaDrift(alpha: number, n: number, k: number): number {
  return k - 1 + (1 - (1 - alpha) ** n) / alpha;
}

export function thetaForecast(y: Float64Array, m: number, h: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(h);
  if (n < 3) {
    out.fill(n ? y[n - 1] : 0);
    return out;
  }
  const { idx, multiplicative, alpha, slope, level } = thetaFit(y, m);
  for (let k = 0; k < h; k++) {
    const f = level + (slope / 2) * thetaDrift(alpha, n, k + 1);
    const j = (n + k) % m;
    out[k] = idx ? (multiplicative ? f * idx[j] : f + idx[j]) : f;
  }
  return out;
}

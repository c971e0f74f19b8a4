/**
 * The feature space the segments are clustered in: recency, frequency,
 * monetary value and tenure, each log-transformed (they are heavily skewed: a
 * few wholesalers spend a thousand times the median) and standardised to mean
 * 0 and standard deviation 1, so no unit dominates the distances.
 */
import type { CustomerFigures } from './history.js';

export const FEATURE_NAMES = ['recency', 'frequency', 'monetary', 'tenure'] as const;

export interface Features {
  /** One standardised vector per customer (number[] because ml-kmeans takes arrays). */
  points: number[][];
  mean: number[];
  sd: number[];
}

/** log(1 + v), with negative spend (net refunds) as 0. */
function logged(f: CustomerFigures, i: number): number[] {
  return [Math.log1p(f.recency[i]), Math.log1p(f.frequency[i]), Math.log1p(Math.max(0, f.monetary[i])), Math.log1p(f.tenure[i])];
}

export function rfmFeatures(f: CustomerFigures): Features {
  const n = f.recency.length;
  const raw = Array.from({ length: n }, (_, i) => logged(f, i));
  const d = FEATURE_NAMES.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of raw) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  for (const r of raw) for (let j = 0; j < d; j++) sd[j] += (r[j] - mean[j]) ** 2 / n;
  // A constant feature (up to rounding) stays 0 rather than NaN or rounding noise blown up.
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) > 1e-9 * (1 + Math.abs(mean[j])) ? Math.sqrt(sd[j]) : Infinity;
  return { points: raw.map((r) => r.map((v, j) => (sd[j] === Infinity ? 0 : (v - mean[j]) / sd[j]))), mean, sd: sd.map((v) => (v === Infinity ? 0 : v)) };
}

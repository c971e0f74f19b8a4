/**
 * The Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma Model of
 * Monetary Value"): each transaction's value is Gamma(p, ν) with ν ~ Gamma(q, γ)
 * across customers, so a customer's mean spend m̄ over x transactions tells us
 * their expected spend per transaction, shrunk towards the population mean.
 * Assumes spend is independent of purchase frequency: callers check it
 * (spendFrequencyCorrelation) and report it.
 */
import { lnGamma } from './special.js';
import { minimise } from './nelder-mead.js';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** Customers with x > 0 transactions of mean value m̄ > 0. */
export interface SpendSummary {
  x: Float64Array;
  mean: Float64Array;
}

export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, { x, mean }: SpendSummary): number {
  const base = -lnGamma(q) + q * Math.log(gamma);
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const m = mean[i];
    const px = p * xi;
    ll += lnGamma(px + q) - lnGamma(px) + base + (px - 1) * Math.log(m) + px * Math.log(xi) - (px + q) * Math.log(xi * m + gamma);
  }
  return ll;
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  converged: boolean;
}

export function fitGammaGamma(data: SpendSummary): GammaGammaFit {
  if (data.x.length === 0) throw new RangeError('Gamma-Gamma needs at least one repeat customer');
  const params = (v: number[]): GammaGammaParams => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) });
  const res = minimise((v) => -gammaGammaLogLikelihood(params(v), data), [0, 0, 0], { step: 1, tolerance: 1e-9, restarts: 5 });
  return { ...params(res.x), logLikelihood: -res.value, converged: res.converged };
}

/**
 * E[spend per transaction | x, m̄] = p(γ + x m̄)/(px + q − 1); with x = 0, the
 * population mean pγ/(q − 1). Needs q > 1 (a finite population mean).
 */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, x: number, mean: number): number {
  return (p * (gamma + x * mean)) / (p * x + q - 1);
}

/** Pearson correlation of x and m̄: Gamma-Gamma assumes it is near 0. */
export function spendFrequencyCorrelation({ x, mean }: SpendSummary): number {
  return pearson(x, mean);
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0,
    mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * BG/NBD, the "buy till you die" model of Fader, Hardie & Lee (2005),
 * "Counting Your Customers the Easy Way". While active, a customer buys at a
 * Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with
 * probability p ~ Beta(a, b). Per customer: x repeat purchases, the time of the
 * last one t_x and their age T (time since the first purchase), all in the same
 * unit (weeks here). Pure functions over typed arrays.
 */
import { hyp2f1, lnGamma } from './special.js';
import { minimise } from './nelder-mead.js';

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Per-customer summary: x repeat purchases, t_x time of the last, T age. */
export interface RepeatSummary {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
}

/** Total log-likelihood (FHL 2005, eq. 6, on the log scale). */
export function bgnbdLogLikelihood({ r, alpha, a, b }: BgnbdParams, { x, tx, T }: RepeatSummary): number {
  const lnR = lnGamma(r);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const lnAB = lnGamma(a + b) - lnGamma(b);
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const a1 = lnGamma(r + xi) - lnR + r * lnAlpha;
    const a2 = lnAB + lnGamma(b + xi) - lnGamma(a + b + xi);
    const a3 = -(r + xi) * Math.log(alpha + T[i]);
    if (xi > 0) {
      const a4 = lnA - Math.log(b + xi - 1) - (r + xi) * Math.log(alpha + tx[i]);
      const m = Math.max(a3, a4);
      ll += a1 + a2 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
    } else {
      ll += a1 + a2 + a3;
    }
  }
  return ll;
}

export interface BgnbdFit extends BgnbdParams {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** Maximum likelihood on log-parameters, from r = α = a = b = 1. */
export function fitBgnbd(data: RepeatSummary): BgnbdFit {
  if (data.x.length === 0) throw new RangeError('BG/NBD needs at least one customer');
  const params = (v: number[]): BgnbdParams => ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) });
  const res = minimise((v) => -bgnbdLogLikelihood(params(v), data), [0, 0, 0, 0], { step: 1, tolerance: 1e-9, restarts: 5 });
  return { ...params(res.x), logLikelihood: -res.value, iterations: res.iterations, converged: res.converged };
}

/** P(still active | x, t_x, T) (FHL 2005, eq. 10; the note's form). A customer who never came back is alive by the model's assumption. */
export function pAlive({ r, alpha, a, b }: BgnbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const ratio = Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx)));
  return 1 / (1 + (a / (b + x - 1)) * ratio);
}

/**
 * How many times the odds of having dropped out have grown since the last
 * purchase: P(alive)'s odds of "gone" are a/(b+x−1)·((α+T)/(α+t_x))^(r+x), and
 * a/(b+x−1) alone right after a purchase (T = t_x). 1 when x = 0.
 */
export function leavingEvidence({ r, alpha }: BgnbdParams, x: number, tx: number, T: number): number {
  return x === 0 ? 1 : Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx)));
}

/**
 * Expected repeat purchases in the next t periods (FHL 2005, eq. 10):
 * [(a+b+x−1)/(a−1)]·[1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
 * divided by 1 + δ(x>0)·a/(b+x−1)·((α+T)/(α+t_x))^(r+x).
 */
export function expectedPurchases(params: BgnbdParams, t: number, x: number, tx: number, T: number): number {
  return expectedPurchasesIfAlive(params, t, x, T) * pAlive(params, x, tx, T);
}

/**
 * The first bracket of eq. 10 alone: expected purchases in the next t periods of
 * a customer known to be still active (eq. 10 = this × P(alive)).
 */
export function expectedPurchasesIfAlive(params: BgnbdParams, t: number, x: number, T: number): number {
  const { r, alpha, b } = params;
  // The formula divides by a − 1; at a = 1 exactly it is the limit, which a nudge reaches to 1e-8.
  const a = Math.abs(params.a - 1) < 1e-8 ? 1 + 1e-8 : params.a;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const tail = 1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  return head * tail;
}

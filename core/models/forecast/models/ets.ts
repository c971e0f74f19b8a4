/**
 * Exponential smoothing with an additive damped trend and additive seasonality,
 * ETS(A,Ad,A) (Hyndman et al., "Forecasting with Exponential Smoothing", 2008):
 *   ŷ(t)   = l + φb + s(t−m)
 *   l'     = l + φb + α·e
 *   b'     = φb + β·e
 *   s(t)   = s(t−m) + γ·e,            e = y(t) − ŷ(t)
 *   ŷ(n+k) = l + (φ + … + φ^k)·b + s(n+k−m·⌈k/m⌉)
 * Parameters minimise the one-step sum of squared errors (Nelder–Mead on an
 * unconstrained space mapped into 0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98,
 * the usual admissible region). Initial states come from the first weeks.
 */
import { nelderMead, logit, sigmoid } from '../optimize.js';

export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface Init {
  level: number;
  trend: number;
  season: Float64Array;
}

/** How many whole cycles (weeks) at the start the initial states are estimated from: up to 4. */
export function initCycles(n: number, m: number): number {
  return Math.max(1, Math.min(4, Math.floor(n / m)));
}

export function initialStates(y: Float64Array, m: number): Init {
  const n = y.length;
  const cycles = initCycles(n, m);
  const season = new Float64Array(m);
  const cycleMeans: number[] = [];
  for (let c = 0; c < cycles; c++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += y[c * m + j] ?? 0;
    cycleMeans.push(s / m);
  }
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let c = 0; c < cycles; c++) s += (y[c * m + j] ?? cycleMeans[c]) - cycleMeans[c];
    season[j] = s / cycles;
  }
  const trend = cycles >= 2 ? (cycleMeans[cycles - 1] - cycleMeans[0]) / ((cycles - 1) * m) : 0;
  // The level at time −1, so that the first step's prediction is the first cycle's mean.
  return { level: cycleMeans[0] - trend * ((m - 1) / 2 + 1), trend, season };
}

/** Runs the filter: the one-step SSE, and the final states when `final` is given. */
function filter(y: Float64Array, m: number, p: EtsParams, init: Init, final?: { level: number; trend: number; season: Float64Array }): number {
  let l = init.level;
  let b = init.trend;
  const s = Float64Array.from(init.season);
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const j = t % m;
    const e = y[t] - (l + p.phi * b + s[j]);
    sse += e * e;
    const lNew = l + p.phi * b + p.alpha * e;
    b = p.phi * b + p.beta * e;
    s[j] = s[j] + p.gamma * e;
    l = lNew;
  }
  if (final) {
    final.level = l;
    final.trend = b;
    final.season = s;
  }
  return sse;
}

function toParams(x: Float64Array): EtsParams {
  const alpha = 0.0001 + 0.9998 * sigmoid(x[0]);
  return { alpha, beta: alpha * 0.999 * sigmoid(x[1]), gamma: (1 - alpha) * 0.999 * sigmoid(x[2]), phi: 0.8 + 0.18 * sigmoid(x[3]) };
}

export function fitEts(y: Float64Array, m: number): EtsParams {
  const init = initialStates(y, m);
  const start = [logit(0.2), logit(0.05), logit(0.1 / 0.8), logit((0.95 - 0.8) / 0.18)];
  const r = nelderMead((x) => filter(y, m, toParams(x), init), start, { maxIterations: 300, tolerance: 1e-8 });
  return toParams(r.x);
}

/** h-step forecasts of ETS(A,Ad,A) with the given parameters (fitted on y when none are given). */
export function etsForecast(y: Float64Array, m: number, h: number, params?: EtsParams): { forecast: Float64Array; params: EtsParams } {
  const out = new Float64Array(h);
  if (y.length < 2 * m) {
    // Too short to see a season and a trend: the mean of what there is.
    let s = 0;
    for (const v of y) s += v;
    out.fill(y.length ? s / y.length : 0);
    return { forecast: out, params: params ?? { alpha: 0, beta: 0, gamma: 0, phi: 0.8 } };
  }
  const p = params ?? fitEts(y, m);
  const fin = { level: 0, trend: 0, season: new Float64Array(m) };
  filter(y, m, p, initialStates(y, m), fin);
  let damp = 0;
  let phiK = 1;
  for (let k = 0; k < h; k++) {
    phiK *= p.phi;
    damp += phiK;
    out[k] = fin.level + damp * fin.trend + fin.season[(y.length + k) % m];
  }
  return { forecast: out, params: p };
}

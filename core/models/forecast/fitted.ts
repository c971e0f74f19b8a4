/**
 * The forecast's expected value for each past trading day of a series: what the
 * served model expected of day t standing at the end of day t−1 (one-step-ahead
 * fitted values). The anomaly model judges the shop's day against it, so it has
 * to be an expectation the day itself did not shape:
 *
 *  - **One step ahead, from the states only.** Each model runs as a recursion over
 *    the open days (calendar.ts: openSeries): predict day t from the states after
 *    t−1, then move the states past t. So a spike on day t is not in its own
 *    expected value. The parameters are those of the final fit (the served
 *    forecast's: ETS's α, β, γ, φ; Theta's season, α and slope), estimated on the
 *    whole history as R's `fitted()` does: a handful of numbers fitted to a year,
 *    which one day moves very little. Without cleaning (below), the value for day
 *    t is exactly the forecast the model would make at origin t−1 with those
 *    parameters (seasonal naive, weekday mean, and ETS once its initial states are
 *    behind it; test/forecast-fitted.test.ts checks it).
 *  - **Outliers cleaned before they update the states** (robust exponential
 *    smoothing, Gelper, Fried & Croux 2010, "Robust forecasting with exponential
 *    and Holt–Winters smoothing"): a day more than k = 2 robust standard
 *    deviations from its prediction moves the states as if it had been at 2
 *    (Huber's ψ). Plain fitted values would carry a spike into the days after
 *    it: seasonal naive expects next Tuesday to repeat this Tuesday's spike (a
 *    normal day then reads as a drop), the weekday mean spreads a quarter of it
 *    over four weeks, ETS lifts its level by α times it. The scale is 1.4826 × the
 *    median absolute one-step error of the previous 8 weeks (a simpler, local
 *    stand-in for the paper's recursive τ-scale, which follows a season's bigger
 *    days). Only the recursion sees cleaned values: the forecast itself and
 *    the actuals are untouched. The price: after a real, lasting change of level
 *    the expectations catch up at about α·2σ a day until the scale widens.
 *  - **Honest only after warm-up.** Days whose prediction is undefined or was
 *    estimated from themselves have none: the first week (seasonal naive,
 *    weekday mean, Theta), the weeks ETS's initial states are taken from (up
 *    to 4). Closed days have none either: the shop did not trade.
 *  - **The served model**: one model's values, or an ensemble's, with the
 *    served weights, in one pass (the members see the same cleaned values).
 *
 * Pure functions over arrays; the store writes the values (migration 8).
 */
import { openSeries, type ShopCalendar } from './calendar.js';
import type { Candidate, Panel } from './candidates.js';
import { initCycles, initialStates, type EtsParams } from './models/ets.js';
import { thetaDrift, thetaFit } from './models/theta.js';
import { median } from '../median.js';

/** A model as a one-step-ahead recursion over a series' open days. */
export interface OneStepModel {
  /** Leading days whose prediction is undefined or not honest (estimated from those days). */
  warmUp: number;
  /** The prediction for day t from the states after day t−1 (NaN where there is none). */
  predict(t: number): number;
  /** Moves the states past day t, which is seen as `value`. */
  update(t: number, value: number): void;
}

/** Huber's k: days further than this many robust standard deviations from their prediction are cleaned. */
export const CLEAN_K = 2;
/** Weeks of one-step errors the robust scale is the median of. */
export const SCALE_WEEKS = 8;

/** Same weekday last week: the prediction for t is the (cleaned) value of t − m. */
export function seasonalNaiveSteps(m: number): OneStepModel {
  const seen: number[] = [];
  return {
    warmUp: m,
    predict: (t) => (t >= m ? seen[t - m] : NaN),
    update: (t, v) => {
      seen[t] = v;
    },
  };
}

/** The mean of the same weekday over the last `weeks` weeks (fewer at the start), as seasonalMean forecasts one day. */
export function weekdayMeanSteps(m: number, weeks = 4): OneStepModel {
  const seen: number[] = [];
  return {
    warmUp: m,
    predict: (t) => {
      if (t < m) return NaN;
      let s = 0;
      let c = 0;
      for (let w = 1; w <= weeks && t - w * m >= 0; w++) {
        s += seen[t - w * m];
        c++;
      }
      return s / c;
    },
    update: (t, v) => {
      seen[t] = v;
    },
  };
}

/** ETS(A,Ad,A)'s filter (models/ets.ts) with given parameters, from the same initial states as the forecast. */
export function etsSteps(y: Float64Array, m: number, p: EtsParams): OneStepModel {
  // Too short for ETS (the forecast serves the mean then): nothing honest to say.
  if (y.length < 2 * m) return { warmUp: y.length, predict: () => NaN, update: () => undefined };
  const init = initialStates(y, m);
  let l = init.level;
  let b = init.trend;
  const s = Float64Array.from(init.season);
  return {
    // The initial states are estimated from the first cycles: those days helped make their own prediction.
    warmUp: initCycles(y.length, m) * m,
    predict: (t) => l + p.phi * b + s[t % m],
    update: (t, v) => {
      const j = t % m;
      const e = v - (l + p.phi * b + s[j]);
      const lNew = l + p.phi * b + p.alpha * e;
      b = p.phi * b + p.beta * e;
      s[j] = s[j] + p.gamma * e;
      l = lNew;
    },
  };
}

/**
 * Theta (models/theta.ts) one day ahead: SES's level after day t−1 plus the
 * drift one step past it, season put back. Season, α and slope from the fit on
 * the whole series (Theta's parameters); the level runs on the days before t only.
 */
export function thetaSteps(y: Float64Array, m: number): OneStepModel {
  if (y.length < 3) return { warmUp: y.length, predict: () => NaN, update: () => undefined };
  const { idx, multiplicative, alpha, slope } = thetaFit(y, m);
  const adjust = (v: number, t: number) => (idx ? (multiplicative ? v / idx[t % m] : v - idx[t % m]) : v);
  const reseason = (v: number, t: number) => (idx ? (multiplicative ? v * idx[t % m] : v + idx[t % m]) : v);
  let level = NaN;
  return {
    warmUp: m,
    predict: (t) => (t === 0 ? NaN : reseason(level + (slope / 2) * thetaDrift(alpha, t, 1), t)),
    update: (t, v) => {
      const x = adjust(v, t);
      level = t === 0 ? x : level + alpha * (x - level);
    },
  };
}

/** An ensemble: the weighted sum of its members' predictions; every member sees the same values. */
export function weightedSteps(members: Array<{ model: OneStepModel; weight: number }>): OneStepModel {
  return {
    warmUp: Math.max(0, ...members.map((x) => x.model.warmUp)),
    predict: (t) => {
      let f = 0;
      for (const { model, weight } of members) f += weight * model.predict(t);
      return f;
    },
    update: (t, v) => {
      for (const { model } of members) model.update(t, v);
    },
  };
}

export interface FittedOptions {
  /** Huber's k (Infinity: plain fitted values, nothing cleaned). */
  k?: number;
  /** How many past one-step errors the scale is the median of. */
  window?: number;
  /** Errors needed before any day is cleaned. */
  minErrors?: number;
}

/**
 * Runs a one-step model over y: the fitted value of every day after warm-up
 * (NaN before), and how many days were cleaned (held back to k deviations).
 */
export function oneStepFitted(y: Float64Array, model: OneStepModel, m: number, opts: FittedOptions = {}): { fitted: Float64Array; cleaned: number } {
  const k = opts.k ?? CLEAN_K;
  const window = opts.window ?? SCALE_WEEKS * m;
  const minErrors = opts.minErrors ?? m;
  const fitted = new Float64Array(y.length).fill(NaN);
  const errors: number[] = [];
  let cleaned = 0;
  for (let t = 0; t < y.length; t++) {
    const f = model.predict(t);
    let seen = y[t];
    if (Number.isFinite(f)) {
      if (t >= model.warmUp) fitted[t] = f;
      const e = y[t] - f;
      if (errors.length >= minErrors && Number.isFinite(k)) {
        const limit = k * 1.4826 * median(errors);
        if (Math.abs(e) > limit) {
          seen = f + Math.sign(e) * limit;
          cleaned++;
        }
      }
      errors.push(Math.abs(e));
      if (errors.length > window) errors.shift();
    }
    model.update(t, seen);
  }
  return { fitted, cleaned };
}

export interface ExpectedDays {
  /** Per calendar day of the history (day 0 = the calendar's start): the expected value, NaN where there is none. */
  values: Float64Array;
  /** Days with a value. */
  days: number;
  /** Days held back to k deviations before they updated the states. */
  cleaned: number;
}

/**
 * The served forecast's one-step-ahead expected value for each past trading day
 * of series `s` of a panel, from the candidates the level chose between (after
 * forecastLevel, so that each holds its final fit) and the served weights.
 * Null when a served model has no one-step form (the global network).
 */
export function servedFitted(
  candidates: readonly Candidate[],
  weights: Record<string, number>,
  panel: Panel,
  s: number,
  cal: ShopCalendar,
  n: number,
  opts: FittedOptions = {},
): ExpectedDays | null {
  const y = openSeries(panel.values[s], cal, n);
  const m = cal.season;
  const members: Array<{ model: OneStepModel; weight: number }> = [];
  for (const [name, weight] of Object.entries(weights)) {
    const model = candidates.find((c) => c.name === name)?.oneStep?.(y, m, s);
    if (!model) return null;
    members.push({ model, weight });
  }
  const { fitted, cleaned } = oneStepFitted(y, members.length === 1 ? members[0].model : weightedSteps(members), m, opts);
  const values = new Float64Array(n).fill(NaN);
  let days = 0;
  for (let i = 0, j = 0; i < n; i++) {
    if (!cal.regular[i]) continue;
    const f = fitted[j++];
    if (cal.closed[i] || !Number.isFinite(f)) continue;
    values[i] = panel.target === 'units' ? Math.max(0, f) : f;
    days++;
  }
  return { values, days, cleaned };
}

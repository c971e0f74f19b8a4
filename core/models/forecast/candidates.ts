/**
 * The candidate models a backtest chooses between. A candidate forecasts a whole
 * panel at once (every series of a level, aligned on the same days), so a global
 * model trained across all series and the classical per-series models plug in
 * the same way.
 *
 * Classical candidates run on each series' regular trading days only (see
 * calendar.ts: openSeries), with a season of `cal.season` open days; their
 * forecasts come back on calendar days, 0 on closed days.
 */
import { TrainingCancelled } from '../runtime.js';
import { openSeries, regularDaysAhead, toCalendarDays, type ShopCalendar } from './calendar.js';
import { etsSteps, seasonalNaiveSteps, thetaSteps, weekdayMeanSteps, type OneStepModel } from './fitted.js';
import { etsForecast, fitEts, type EtsParams } from './models/ets.js';
import { croston, tsb } from './models/intermittent.js';
import { seasonalMean, seasonalNaive } from './models/naive.js';
import { thetaForecast } from './models/theta.js';

export interface Panel {
  keys: string[];
  /** Daily values from the calendar's start, all the same length; may run past the cut (only 0..n−1 is read). */
  values: Float64Array[];
  /** Average selling price per day (NaN where nothing sold), for models that use prices. */
  prices?: Array<Float64Array | undefined>;
  target: 'units' | 'amount';
}

export interface PredictContext {
  seed: number;
  signal: AbortSignal;
  /**
   * Whether to fit parameters afresh. A backtest fits at its first origin and
   * reuses those parameters at the later ones (the data after the first origin
   * is never seen), then refits for the final forecast.
   */
  refit: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface Candidate {
  name: string;
  /** Mean forecasts for days n..n+h−1 of every series (panel order), ≥ 0 for units, 0 on closed days. */
  predict(panel: Panel, cal: ShopCalendar, n: number, h: number, ctx: PredictContext): Promise<Float64Array[]>;
  /** Frees what the candidate holds between calls (a network's weights). */
  dispose?(): void;
  /**
   * The model as a one-step-ahead recursion over series `series`' open days `y`, with the
   * parameters of its last fit (after a level's final forecast: the served one's), for the
   * expected value of each past day (fitted.ts). Absent where there is none (the global network).
   */
  oneStep?(y: Float64Array, m: number, series: number): OneStepModel;
}

type SeriesModel = (y: Float64Array, m: number, hOpen: number, series: number, refit: boolean) => Float64Array;

function classical(name: string, model: SeriesModel, oneStep?: Candidate['oneStep']): Candidate {
  return {
    name,
    ...(oneStep ? { oneStep } : {}),
    async predict(panel, cal, n, h, ctx) {
      const hOpen = regularDaysAhead(cal, n, h);
      const out: Float64Array[] = [];
      for (let s = 0; s < panel.values.length; s++) {
        if ((s & 255) === 255 && ctx.signal.aborted) break;
        const y = openSeries(panel.values[s], cal, n);
        const f = y.length ? model(y, cal.season, hOpen, s, ctx.refit) : new Float64Array(hOpen);
        if (panel.target === 'units') for (let k = 0; k < f.length; k++) if (!(f[k] > 0)) f[k] = 0;
        out.push(toCalendarDays(f, cal, n, h, cal.closed));
      }
      return out;
    },
  };
}

export function seasonalNaiveCandidate(): Candidate {
  return classical(
    'seasonal-naive',
    (y, m, h) => seasonalNaive(y, m, h),
    (_y, m) => seasonalNaiveSteps(m),
  );
}

export function seasonalMeanCandidate(weeks = 4): Candidate {
  return classical(
    'weekday-mean',
    (y, m, h) => seasonalMean(y, m, h, weeks),
    (_y, m) => weekdayMeanSteps(m, weeks),
  );
}

export function etsCandidate(): Candidate {
  const fitted = new Map<number, EtsParams>();
  return classical(
    'ets',
    (y, m, h, s, refit) => {
      const r = etsForecast(y, m, h, refit ? undefined : fitted.get(s));
      fitted.set(s, r.params);
      return r.forecast;
    },
    (y, m, s) => etsSteps(y, m, fitted.get(s) ?? fitEts(y, m)),
  );
}

export function thetaCandidate(): Candidate {
  return classical(
    'theta',
    (y, m, h) => thetaForecast(y, m, h),
    (y, m) => thetaSteps(y, m),
  );
}

export function crostonCandidate(): Candidate {
  return classical('croston', (y, _m, h) => croston(y, h));
}

export function tsbCandidate(): Candidate {
  return classical('tsb', (y, _m, h) => tsb(y, h));
}

/** Days of history a yearly adjustment needs before the cut: last year's same weeks and the four before them. */
export const YEARLY_HISTORY_DAYS = 52 * 7 + 4 * 7;

/**
 * How the level moved over the same weeks a year before, as a factor per day ahead:
 * the mean of the 4 weeks of trading days centred on day n+k minus a year, over the
 * mean of the 4 weeks before n minus a year (where a forecast made at n takes its
 * level from). `week` is 7 on calendar days (closed days left out of the means); on
 * a series' open days (m of them a week) it is m, so a year is 52m days back. Null
 * without a year and four weeks of history. Clipped to ½–2, so one odd week last
 * year can't more than halve or double a forecast. Pure; exported for its tests.
 */
export function yearlyFactors(values: ArrayLike<number>, closed: ArrayLike<number> | null, n: number, h: number, week = 7): Float64Array | null {
  const year = 52 * week;
  if (n < year + 4 * week) return null;
  const mean = (from: number, to: number) => {
    let sum = 0;
    let count = 0;
    for (let i = Math.max(0, from); i < Math.min(n, to); i++) {
      if (closed?.[i]) continue;
      sum += values[i];
      count++;
    }
    return count ? sum / count : NaN;
  };
  const anchor = mean(n - year - 4 * week, n - year);
  if (!(anchor > 0)) return null;
  const out = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const r = mean(n + k - year - 2 * week, n + k - year + 2 * week) / anchor;
    out[k] = Number.isFinite(r) ? Math.min(2, Math.max(0.5, r)) : 1;
  }
  return out;
}

/**
 * A candidate's forecasts moved by last year's yearly pattern (yearlyFactors): the
 * classical models carry a weekly season but no yearly one, so a forecast made on
 * 27 December still expects Christmas trade, and one made in late October none of
 * it. Offered only where the backtest's first origin has a year and four weeks
 * behind it, so the backtest judges it on the same origins as the rest. On the
 * sample shop (two years) its yearly pattern, tracked by forecasts every four weeks
 * through the second year, went from a correlation of 0.91 with the truth's to
 * the figure in the README (`node dist/bench/forecast.js`).
 */
export function yearlyAdjusted(base: Candidate): Candidate {
  return {
    name: `${base.name}+year`,
    async predict(panel, cal, n, h, ctx) {
      const out = await base.predict(panel, cal, n, h, ctx);
      return out.map((f, s) => {
        const r = yearlyFactors(panel.values[s], cal.closed, n, h);
        return r ? f.map((v, k) => v * r[k]) : f;
      });
    },
    ...(base.dispose ? { dispose: () => base.dispose!() } : {}),
    ...(base.oneStep
      ? {
          oneStep: (y: Float64Array, m: number, series: number): OneStepModel => {
            const inner = base.oneStep!(y, m, series);
            return { warmUp: inner.warmUp, predict: (t) => inner.predict(t) * yearlyStepFactor(y, m, t), update: (t, v) => inner.update(t, v) };
          },
        }
      : {}),
  };
}

/** yearlyFactors one step ahead on a series' open days: the expected value of day t, standing at t−1 (1 where there are none). */
export function yearlyStepFactor(y: Float64Array, m: number, t: number): number {
  return yearlyFactors(y, null, t, 1, m)?.[0] ?? 1;
}

/**
 * The TensorFlow.js panel model (core/models/forecast/global), as one candidate.
 * Like the classical ones it trains when asked to refit (the backtest's first
 * origin, the final forecast) and forecasts later origins with those weights.
 */
export function globalCandidate(options: { epochs?: number } = {}): Candidate {
  let model: {
    forecast(
      panel: Array<{ key: string; values: Float64Array; prices?: Float64Array }>,
      cal: { start: number; closed: Uint8Array; holiday: Uint8Array },
      h: number,
    ): Promise<Float64Array[]>;
    dispose(): void;
  } | null = null;
  return {
    name: 'global',
    async predict(panel, cal, n, h, ctx) {
      const { fitGlobal } = await import('./global/index.js');
      const series = panel.values.map((v, i) => {
        const prices = panel.prices?.[i]?.subarray(0, n);
        return prices ? { key: panel.keys[i], values: v.subarray(0, n), prices } : { key: panel.keys[i], values: v.subarray(0, n) };
      });
      const calendar = { start: cal.start, closed: cal.closed.subarray(0, n + h), holiday: cal.holiday.subarray(0, n + h) };
      let out: Float64Array[];
      try {
        if (ctx.refit || !model) {
          model?.dispose();
          model = null;
          const opts: Parameters<typeof fitGlobal>[3] = { seed: ctx.seed, signal: ctx.signal, target: panel.target };
          if (ctx.onProgress) opts.onProgress = ctx.onProgress;
          if (options.epochs !== undefined) opts.epochs = options.epochs;
          model = await fitGlobal(series, calendar, h, opts);
        }
        out = await model.forecast(series, calendar, h);
      } catch (e) {
        // The network has its own cancel error; the runtime knows its own.
        if (ctx.signal.aborted) throw new TrainingCancelled();
        throw e;
      }
      for (const f of out) for (let k = 0; k < h; k++) if (cal.closed[n + k]) f[k] = 0;
      return out;
    },
    dispose() {
      model?.dispose();
      model = null;
    },
  };
}

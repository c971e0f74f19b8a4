/**
 * One level (shop total, categories or products) from history to served
 * forecast: a rolling-origin backtest of every candidate (origins every 7 days
 * back from the cut), the choice per series of the best candidate or an
 * inverse-error-weighted ensemble of the good ones, the final forecasts, and
 * intervals from the backtest's own scaled errors (coverage measured leaving
 * each origin's errors out of its own intervals, so it is honest).
 */
import { checkCancelled } from '../runtime.js';
import type { ShopCalendar } from './calendar.js';
import type { Candidate, Panel } from './candidates.js';
import { ErrorScaleTally, type Accuracy } from './level-metrics.js';
import { errorScale, ScaledErrors, type Interval } from './intervals.js';
import { naiveScale } from './metrics.js';

export interface LevelOptions {
  h: number;
  /** How many origins: the cut minus 7, 14, … days. */
  origins: number;
  candidates: Candidate[];
  seed: number;
  signal: AbortSignal;
  /** 'near': interval quantiles per step (±3 steps); 'all': one set for every step (noisy series). */
  pool: 'near' | 'all';
  /** 'series': each series chooses; 'level': one choice (weights) for every series of the level. */
  selection: 'series' | 'level';
  onProgress?: (done: number, total: number, message: string) => void;
  /** Keep every candidate's own final forecast and intervals (benchmarks compare them). */
  keepCandidates?: boolean;
  /**
   * Equal-weight blends (candidate names) a series serves unless its best single model or
   * ensemble beat the best of them by more than BLEND_MARGIN in the backtest ('series' selection).
   */
  blends?: string[][];
}

/**
 * How much better a chosen model must do in the backtest than the preferred blend to serve instead.
 * Twelve weekly origins tell near-equal models apart poorly: on the real shop (8 origins from
 * 2011-09-30) the backtest's pick scored MASE 1.052 at 14 days where ETS and Theta averaged scored
 * 1.011 and either alone about 1.04 (`node dist/bench/forecast.js`): the averaged pair is the
 * better default, as the M3 and M4 competitions found of such combinations.
 */
export const BLEND_MARGIN = 0.05;

export interface SeriesForecast extends Interval {
  model: string;
  /** Ensemble weights by candidate (one weight of 1 for a single model). */
  weights: Record<string, number>;
  mean: Float64Array;
  candidates?: Record<string, Interval & { mean: Float64Array }>;
}

export interface SeriesBacktest {
  /** Cut indexes (the model saw days 0..cut−1). */
  cuts: number[];
  /** Served forecast and honest intervals per origin (length h each). */
  mean: Float64Array[];
  intervals: Interval[];
}

export interface LevelResult {
  cuts: number[];
  series: SeriesForecast[];
  backtests: SeriesBacktest[];
  served: Accuracy;
  byModel: Record<string, Accuracy>;
  /** Per series: accuracy of every candidate and of the served forecast ('served'). */
  perSeries: Array<Record<string, Accuracy>>;
}

const checkSignal = checkCancelled;

/** Per-series weights from each candidate's backtest mean absolute error: the best, or ∝ 1/MAE over those within 30% of it. */
function chooseWeights(mae: Map<string, number>, names: string[]): { model: string; weights: Record<string, number>; ensemble: Record<string, number> } {
  const ranked = names.filter((c) => Number.isFinite(mae.get(c))).sort((a, b) => mae.get(a)! - mae.get(b)!);
  if (!ranked.length) return { model: names[0], weights: { [names[0]]: 1 }, ensemble: { [names[0]]: 1 } };
  const best = mae.get(ranked[0])!;
  const members = ranked.filter((c) => mae.get(c)! <= best * 1.3 + 1e-12).slice(0, 4);
  const ensemble: Record<string, number> = {};
  let total = 0;
  for (const c of members) total += 1 / Math.max(mae.get(c)!, 1e-12);
  for (const c of members) ensemble[c] = 1 / Math.max(mae.get(c)!, 1e-12) / total;
  return { model: ranked[0], weights: { [ranked[0]]: 1 }, ensemble };
}

function combine(preds: Map<string, Float64Array>, weights: Record<string, number>, h: number): Float64Array {
  const out = new Float64Array(h);
  for (const [c, w] of Object.entries(weights)) {
    const p = preds.get(c)!;
    for (let k = 0; k < h; k++) out[k] += w * p[k];
  }
  return out;
}

/**
 * @param calendarAt the shop calendar as known at a cut (from the data before it only), covering h days ahead
 * @param n days of history (the cut of the final forecast)
 */
export async function forecastLevel(panel: Panel, calendarAt: (cut: number) => ShopCalendar, n: number, opts: LevelOptions): Promise<LevelResult> {
  try {
    return await backtestAndChoose(panel, calendarAt, n, opts);
  } finally {
    for (const c of opts.candidates) c.dispose?.();
  }
}

async function backtestAndChoose(panel: Panel, calendarAt: (cut: number) => ShopCalendar, n: number, opts: LevelOptions): Promise<LevelResult> {
  const { h, candidates } = opts;
  const names = candidates.map((c) => c.name);
  const S = panel.values.length;
  // Origins, oldest first, each leaving at least 8 weeks of history.
  const cuts: number[] = [];
  for (let k = opts.origins; k >= 1; k--) if (n - 7 * k >= 56) cuts.push(n - 7 * k);
  const total = cuts.length * candidates.length + candidates.length;
  let done = 0;
  // preds[origin][candidate][series]
  const preds: Array<Map<string, Float64Array[]>> = [];
  const cals: ShopCalendar[] = [];
  for (let o = 0; o < cuts.length; o++) {
    const cal = calendarAt(cuts[o]);
    cals.push(cal);
    const byCandidate = new Map<string, Float64Array[]>();
    for (const c of candidates) {
      checkSignal(opts.signal);
      byCandidate.set(c.name, await c.predict(panel, cal, cuts[o], h, { seed: opts.seed, signal: opts.signal, refit: o === 0 }));
      opts.onProgress?.(++done, total, `backtest origin ${o + 1} of ${cuts.length}: ${c.name}`);
    }
    preds.push(byCandidate);
  }
  const finalCal = calendarAt(n);
  const finals = new Map<string, Float64Array[]>();
  for (const c of candidates) {
    checkSignal(opts.signal);
    finals.set(c.name, await c.predict(panel, finalCal, n, h, { seed: opts.seed, signal: opts.signal, refit: true }));
    opts.onProgress?.(++done, total, `final forecast: ${c.name}`);
  }
  checkSignal(opts.signal);

  // Where each origin's window has actuals, and which days were expected open.
  const avail = cuts.map((cut) => Math.max(0, Math.min(h, n - cut)));
  const openAt = (o: number, k: number) => cals[o].closed[cuts[o] + k] === 0;

  // Backtest MAE per series and candidate; then the choice.
  const maeOf = (s: number, p: (o: number) => Float64Array) => {
    let e = 0;
    let c = 0;
    for (let o = 0; o < cuts.length; o++) {
      const f = p(o);
      const y = panel.values[s];
      for (let k = 0; k < avail[o]; k++) {
        e += Math.abs(y[cuts[o] + k] - f[k]);
        c++;
      }
    }
    return c ? e / c : NaN;
  };
  const choices: Array<{ model: string; weights: Record<string, number> }> = [];
  const perSeriesMae: Array<Map<string, number>> = [];
  for (let s = 0; s < S; s++) {
    const mae = new Map<string, number>();
    for (const c of names)
      mae.set(
        c,
        maeOf(s, (o) => preds[o].get(c)![s]),
      );
    perSeriesMae.push(mae);
  }
  if (opts.selection === 'level') {
    // One choice for the level: candidates ranked by their MAE relative to the series' own best, averaged.
    const rel = new Map<string, number>(names.map((c) => [c, 0]));
    let counted = 0;
    for (const mae of perSeriesMae) {
      const best = Math.min(...names.map((c) => mae.get(c)!).filter(Number.isFinite));
      if (!(best > 0)) continue;
      counted++;
      for (const c of names) rel.set(c, rel.get(c)! + (Number.isFinite(mae.get(c)) ? mae.get(c)! / best : 10));
    }
    const relMae = new Map([...rel].map(([c, v]) => [c, counted ? v / counted : NaN]));
    const w = chooseWeights(relMae, names);
    let ensembleRel = 0;
    let ensembleN = 0;
    if (Object.keys(w.ensemble).length > 1) {
      for (let s = 0; s < S; s++) {
        const mae = perSeriesMae[s];
        const best = Math.min(...names.map((c) => mae.get(c)!).filter(Number.isFinite));
        if (!(best > 0)) continue;
        ensembleRel += maeOf(s, (o) => combine(seriesPreds(preds[o], s), w.ensemble, h)) / best;
        ensembleN++;
      }
    }
    ensembleRel = ensembleN ? ensembleRel / ensembleN : Infinity;
    const pick = ensembleRel < relMae.get(w.model)! ? { model: 'ensemble', weights: w.ensemble } : { model: w.model, weights: w.weights };
    for (let s = 0; s < S; s++) choices.push(pick);
  } else {
    for (let s = 0; s < S; s++) {
      const w = chooseWeights(perSeriesMae[s], names);
      const single = perSeriesMae[s].get(w.model)!;
      const ens = Object.keys(w.ensemble).length > 1 ? maeOf(s, (o) => combine(seriesPreds(preds[o], s), w.ensemble, h)) : Infinity;
      let choice = ens < single ? { model: 'ensemble', weights: w.ensemble } : { model: w.model, weights: w.weights };
      let blendMae = Infinity;
      for (const members of opts.blends ?? []) {
        if (!members.every((c) => names.includes(c))) continue;
        const weights = Object.fromEntries(members.map((c) => [c, 1 / members.length]));
        const mae = maeOf(s, (o) => combine(seriesPreds(preds[o], s), weights, h));
        if (mae < blendMae && mae <= Math.min(single, ens) * (1 + BLEND_MARGIN)) {
          blendMae = mae;
          choice = { model: 'ensemble', weights };
        }
      }
      choices.push(choice);
    }
  }

  // Figures per candidate, per 'ensemble' where chosen, and for the served forecast.
  const byModel = new Map<string, ErrorScaleTally>(names.map((c) => [c, new ErrorScaleTally()]));
  const served = new ErrorScaleTally();
  const series: SeriesForecast[] = [];
  const backtests: SeriesBacktest[] = [];
  const perSeries: Array<Record<string, Accuracy>> = [];
  const scales = cuts.map(() => new Float64Array(S));
  for (let o = 0; o < cuts.length; o++) for (let s = 0; s < S; s++) scales[o][s] = naiveScale(panel.values[s].subarray(0, cuts[o]));
  const histLevel = (s: number, cut: number) => {
    const y = panel.values[s];
    let sum = 0;
    for (let i = Math.max(0, cut - 28); i < cut; i++) sum += y[i];
    return sum / Math.min(28, cut);
  };

  for (let s = 0; s < S; s++) {
    if ((s & 127) === 127) checkSignal(opts.signal);
    const y = panel.values[s];
    const mine: Record<string, Accuracy> = {};
    const evaluate = (name: string, p: (o: number) => Float64Array, tally: ErrorScaleTally | undefined): { backtest: SeriesBacktest; errors: ScaledErrors } => {
      // Scaled errors of every origin, then leave-one-origin-out intervals for the honest coverage.
      const errs: Float64Array[] = [];
      const means: Float64Array[] = [];
      const scaleOf: Float64Array[] = [];
      for (let o = 0; o < cuts.length; o++) {
        const f = p(o);
        means.push(f);
        const sc = errorScale(f, (k) => openAt(o, k), histLevel(s, cuts[o]));
        scaleOf.push(sc);
        const e = new Float64Array(h).fill(NaN);
        for (let k = 0; k < avail[o]; k++) if (openAt(o, k)) e[k] = (y[cuts[o] + k] - f[k]) / sc[k];
        errs.push(e);
      }
      const errors = new ScaledErrors(errs, opts.pool);
      const own = new ErrorScaleTally();
      const intervals: Interval[] = [];
      for (let o = 0; o < cuts.length; o++) {
        const iv = errors.intervals(means[o], scaleOf[o], (k) => !openAt(o, k), o);
        intervals.push(iv);
        own.window(y, cuts[o], avail[o], means[o], iv, (k) => openAt(o, k), scales[o][s]);
        tally?.window(y, cuts[o], avail[o], means[o], iv, (k) => openAt(o, k), scales[o][s]);
      }
      mine[name] = own.accuracy(1);
      return { backtest: { cuts, mean: means, intervals }, errors };
    };
    const closedAhead = (k: number) => finalCal.closed[n + k] === 1;
    const own: Record<string, Interval & { mean: Float64Array }> = {};
    for (const c of names) {
      const { errors } = evaluate(c, (o) => preds[o].get(c)![s], byModel.get(c));
      if (opts.keepCandidates) {
        const m = finals.get(c)![s];
        own[c] = {
          mean: m,
          ...errors.intervals(
            m,
            errorScale(m, (k) => !closedAhead(k), histLevel(s, n)),
            closedAhead,
          ),
        };
      }
    }
    const choice = choices[s];
    const servedPred = (o: number) => combine(seriesPreds(preds[o], s), choice.weights, h);
    if (choice.model === 'ensemble') {
      if (!byModel.has('ensemble')) byModel.set('ensemble', new ErrorScaleTally());
      evaluate('ensemble', servedPred, byModel.get('ensemble'));
    }
    const { backtest, errors } = evaluate('served', servedPred, served);
    backtests.push(backtest);
    perSeries.push(mine);
    const mean = combine(seriesPreds(finals, s), choice.weights, h);
    const iv = errors.intervals(
      mean,
      errorScale(mean, (k) => !closedAhead(k), histLevel(s, n)),
      closedAhead,
    );
    series.push({ model: choice.model, weights: choice.weights, mean, ...iv, ...(opts.keepCandidates ? { candidates: own } : {}) });
  }
  const byModelOut: Record<string, Accuracy> = {};
  for (const [c, t] of byModel) byModelOut[c] = t.accuracy(c === 'ensemble' ? choices.filter((x) => x.model === 'ensemble').length : S);
  return { cuts, series, backtests, served: served.accuracy(S), byModel: byModelOut, perSeries };
}

function seriesPreds(byCandidate: Map<string, Float64Array[]>, s: number): Map<string, Float64Array> {
  const m = new Map<string, Float64Array>();
  for (const [c, all] of byCandidate) m.set(c, all[s]);
  return m;
}

/**
 * The forecast model's training (pure: arrays in, arrays out, no database):
 * the shop calendar, then each level (shop total, categories, products) through
 * the rolling-origin backtest and choice of models (level.ts), then reorder
 * points and the plain-words summary. Deterministic for a given seed: the
 * classical models have no randomness, the global model is seeded.
 */
import { buildCalendar, type ShopCalendar } from './calendar.js';
import {
  crostonCandidate,
  etsCandidate,
  globalCandidate,
  seasonalMeanCandidate,
  seasonalNaiveCandidate,
  thetaCandidate,
  tsbCandidate,
  yearlyAdjusted,
  YEARLY_HISTORY_DAYS,
  type Candidate,
  type Panel,
} from './candidates.js';
import { addDaysYmd, ymdToIso } from './days.js';
import { servedFitted } from './fitted.js';
import { countryCode, publicHolidays } from './holidays.js';
import { TrainingCancelled, type TrainContext } from '../runtime.js';
import { forecastLevel, type LevelResult } from './level.js';
import { reorderFor } from './reorder.js';
import { plainSummary } from './summary.js';
import type { BacktestRow, ForecastData, ForecastOutputs, ForecastParams, Level, MetricRow, SeriesOutput } from './types.js';

export { TrainingCancelled, type TrainContext };

export const DEFAULT_PARAMS: ForecastParams = {
  horizon: 28,
  origins: 12,
  productOrigins: 6,
  seed: 42,
  serviceLevel: 0.95,
  levels: ['total', 'category', 'product'],
  useGlobal: true,
  productHistoryDays: 91,
};

/** Product series with a backtest chart stored (the explorer's top products). */
const BACKTEST_PRODUCTS = 50;

function classicalCandidates(intermittent: boolean): Candidate[] {
  const c = [seasonalNaiveCandidate(), seasonalMeanCandidate(), etsCandidate(), thetaCandidate()];
  if (intermittent) c.push(crostonCandidate(), tsbCandidate());
  return c;
}

/** ETS and Theta moved by last year's pattern, for the shop total and categories, where every backtest origin has a year behind it. */
function yearlyCandidates(n: number, origins: number): Candidate[] {
  return n - 7 * origins >= YEARLY_HISTORY_DAYS ? [yearlyAdjusted(etsCandidate()), yearlyAdjusted(thetaCandidate())] : [];
}

/**
 * The days of history the models see: the last three years. Training time grows with the
 * history (every candidate at every backtest origin runs over it): on the real shop repeated
 * over two years the forecast took 85.7 s against 46.5 s for one (`node dist/bench/scale.js
 * --years 2`, a loaded machine), so ten years would take about ten minutes. Three years keep
 * two full years behind the oldest backtest origin for the yearly candidates, and beyond that
 * the weekly-seasonal models' states have long forgotten the older days anyway.
 */
export const HISTORY_DAYS = 3 * 364;

/** The last `days` days of the data (every series sliced alike, `start` moved); the data itself when shorter. */
export function recentHistory(data: ForecastData, days: number): ForecastData {
  const n = data.total.length;
  if (n <= days) return data;
  const from = n - days;
  return {
    ...data,
    start: addDaysYmd(data.start, from),
    total: data.total.slice(from),
    categories: data.categories.map((c) => ({ ...c, values: c.values.slice(from) })),
    products: data.products.map((p) => ({ ...p, units: p.units.slice(from), prices: p.prices.slice(from) })),
  };
}

export async function trainForecast(
  data: ForecastData,
  ctx: TrainContext,
  overrides: Partial<ForecastParams> = {},
): Promise<{ outputs: ForecastOutputs; metrics: Record<string, unknown>; params: Record<string, unknown> }> {
  const params: ForecastParams = { ...DEFAULT_PARAMS, ...overrides, seed: overrides.seed ?? ctx.seed };
  const history = data.total.length;
  data = recentHistory(data, HISTORY_DAYS);
  // The run records which days the owner's marks left out (the series hold stand-ins there).
  const recorded = {
    ...params,
    excludedDays: (data.excludedDays ?? []).map(ymdToIso),
    historyDays: data.total.length,
    olderDaysLeftOut: history - data.total.length,
  };
  const h = params.horizon;
  const n = data.total.length;
  const outputs: ForecastOutputs = {
    start: data.start,
    end: data.end,
    horizon: h,
    origins: {},
    series: [],
    metrics: [],
    backtest: [],
    reorders: [],
    summary: null,
    country: data.country,
    currency: data.currency,
    expected: null,
  };
  if (n < 63) {
    ctx.progress('forecast', 1, 1, 'not enough history to forecast (under 9 weeks)');
    return { outputs, metrics: { note: 'not enough history' }, params: recorded };
  }
  const country = (await countryCode(data.country)) ?? 'GB';
  outputs.country = country;
  ctx.progress('calendar', 0, null, `public holidays for ${country}`);
  const holidays = await publicHolidays(country, data.start, addDaysYmd(data.end, h + 1));
  const calendars = new Map<number, ShopCalendar>();
  const calendarAt = (cut: number) => {
    let c = calendars.get(cut);
    if (!c) calendars.set(cut, (c = buildCalendar(data.total.subarray(0, cut), data.start, h, holidays)));
    return c;
  };
  const metrics: Record<string, unknown> = {};

  const runLevel = async (level: Level, panel: Panel, candidates: Candidate[], origins: number, pool: 'near' | 'all') => {
    const phase = `forecast ${level}`;
    ctx.progress(phase, 0, null, `${panel.values.length.toLocaleString('en')} series`);
    const r = await forecastLevel(panel, calendarAt, n, {
      h,
      origins,
      candidates,
      seed: params.seed,
      signal: ctx.signal,
      pool,
      selection: params.selection?.[level] ?? 'series',
      keepCandidates: params.keepCandidates ?? false,
      // ETS and Theta averaged, and their versions moved by last year where offered (yearlyCandidates).
      blends:
        panel.target === 'amount'
          ? [
              ['ets', 'theta'],
              ['ets+year', 'theta+year'],
            ]
          : [],
      onProgress: (done, total, message) => ctx.progress(phase, done, total, message),
    });
    outputs.origins[level] = r.cuts.map((cut) => addDaysYmd(data.start, cut - 1));
    outputs.metrics.push({ level, key: null, model: 'served', ...r.served });
    for (const [model, a] of Object.entries(r.byModel)) outputs.metrics.push({ level, key: null, model, ...a });
    metrics[level] = { ...r.served, origins: r.cuts.length, horizon: h, byModel: r.byModel };
    return r;
  };
  const backtestRows = (level: Level, key: string, values: Float64Array, r: LevelResult, s: number) => {
    const b = r.backtests[s];
    for (let o = 0; o < b.cuts.length; o++) {
      const cut = b.cuts[o];
      const origin = addDaysYmd(data.start, cut - 1);
      for (let k = 0; k < h && cut + k < n; k++) {
        const iv = b.intervals[o];
        const row: BacktestRow = {
          level,
          key,
          origin,
          step: k + 1,
          date: addDaysYmd(data.start, cut + k),
          actual: values[cut + k],
          mean: b.mean[o][k],
          lo80: iv.lo80[k],
          hi80: iv.hi80[k],
          lo95: iv.lo95[k],
          hi95: iv.hi95[k],
        };
        outputs.backtest.push(row);
      }
    }
  };
  const seriesRows = (
    level: Level,
    r: LevelResult,
    s: number,
    meta: Omit<SeriesOutput, 'level' | 'model' | 'weights' | 'forecast' | 'historyStart' | 'history'>,
    values: Float64Array,
    historyDays: number,
  ) => {
    const f = r.series[s];
    const from = Math.max(0, n - historyDays);
    outputs.series.push({
      level,
      ...meta,
      model: f.model,
      weights: f.weights,
      forecast: { mean: f.mean, lo80: f.lo80, hi80: f.hi80, lo95: f.lo95, hi95: f.hi95 },
      ...(f.candidates ? { candidates: f.candidates } : {}),
      historyStart: addDaysYmd(data.start, from),
      history: values.slice(from, n),
    });
    const per = r.perSeries[s];
    for (const [model, a] of Object.entries(per)) outputs.metrics.push({ level, key: meta.key, model, ...a } satisfies MetricRow);
  };

  if (params.levels.includes('total')) {
    const panel: Panel = { keys: ['total'], values: [data.total], target: 'amount' };
    const candidates = [...classicalCandidates(false), ...yearlyCandidates(n, params.origins)];
    const r = await runLevel('total', panel, candidates, params.origins, 'near');
    seriesRows('total', r, 0, { key: 'total', sku: null, name: 'Shop total', productId: null, category: null }, data.total, n);
    // Each past day's expected value from the served model, one step ahead (fitted.ts); the candidates hold their final fits now.
    const expected = servedFitted(candidates, r.series[0].weights, panel, 0, calendarAt(n), n);
    outputs.expected = expected?.values ?? null;
    metrics.expected = expected
      ? { model: r.series[0].model, days: expected.days, cleaned: expected.cleaned }
      : { model: r.series[0].model, note: 'the served model has no one-step form' };
    backtestRows('total', 'total', data.total, r, 0);
    outputs.summary = plainSummary({
      h,
      currency: data.currency,
      mean: r.series[0].mean,
      history: data.total,
      cuts: r.cuts,
      backtestMeans: r.backtests[0].mean,
    });
    metrics.summary = outputs.summary;
    metrics.model = r.series[0].model;
  }
  if (params.levels.includes('category') && data.categories.length) {
    const cats = data.categories;
    const panel: Panel = { keys: cats.map((c) => c.name), values: cats.map((c) => c.values), target: 'amount' };
    const candidates = [...classicalCandidates(false), ...yearlyCandidates(n, params.origins)];
    if (params.useGlobal && cats.length >= 4) candidates.push(globalCandidate());
    const r = await runLevel('category', panel, candidates, params.origins, 'near');
    cats.forEach((c, s) => {
      seriesRows('category', r, s, { key: c.name, sku: null, name: c.name, productId: null, category: c.name }, c.values, n);
      backtestRows('category', c.name, c.values, r, s);
    });
  }
  if (params.levels.includes('product') && data.products.length) {
    const ranked = [...data.products].sort((a, b) => b.net - a.net || a.id - b.id);
    const products = params.topProducts ? ranked.slice(0, params.topProducts) : ranked;
    const panel: Panel = { keys: products.map((p) => p.key), values: products.map((p) => p.units), prices: products.map((p) => p.prices), target: 'units' };
    const candidates = classicalCandidates(true);
    if (params.useGlobal) candidates.push(globalCandidate());
    const r = await runLevel('product', panel, candidates, params.productOrigins, 'all');
    products.forEach((p, s) => {
      seriesRows('product', r, s, { key: p.key, sku: p.sku, name: p.name, productId: p.id, category: p.category }, p.units, params.productHistoryDays);
      if (s < BACKTEST_PRODUCTS) backtestRows('product', p.key, p.units, r, s);
      if (p.onHand !== null && p.leadTimeDays !== null) outputs.reorders.push(reorderFor(p, r.series[s], p.onHand, p.leadTimeDays, params.serviceLevel));
    });
  }
  if (ctx.signal.aborted) throw new TrainingCancelled();
  ctx.progress('forecast', 1, 1, 'done');
  return { outputs, metrics, params: recorded };
}

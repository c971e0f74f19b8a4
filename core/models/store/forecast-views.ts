/**
 * What the forecast API methods and `tillsight forecast` answer, from the
 * stored outputs of the latest good forecast run (never recomputed per view).
 */
import type {
  ForecastBacktestView,
  ForecastLevel,
  ForecastProductRow,
  ForecastProductView,
  ForecastRunInfo,
  ForecastView,
  ReorderSuggestionsView,
} from '../../../common/api-forecast.js';
import { DEFAULT_HORIZON } from '../../../common/api-forecast.js';
import type { Db } from '../../store/db.js';
import { latestGoodRun, listRuns } from '../registry.js';
import {
  historyOf,
  productRow,
  readAccuracy,
  readBacktest,
  readLevelAccuracy,
  readReorders,
  readRun,
  readSeriesRows,
  toSeries,
  type StoredRun,
} from './forecast.js';

/** The serving forecast run with its stored outputs, or null (none trained yet, or it had no sales to forecast). */
export function servingForecast(db: Db): StoredRun | null {
  const run = latestGoodRun(db, 'forecast');
  return run ? readRun(db, run.id) : null;
}

export const DEFAULT_TOP: Record<ForecastLevel, number> = { total: 1, category: 1000, product: 20 };

export function forecastView(
  db: Db,
  input: { level: ForecastLevel; horizon?: number | undefined; top?: number | undefined; key?: string | undefined },
  run = servingForecast(db),
): ForecastView {
  const horizon = Math.min(input.horizon ?? DEFAULT_HORIZON, run?.horizon ?? DEFAULT_HORIZON);
  const empty: ForecastView = {
    level: input.level,
    model: '',
    series: [],
    backtest: { origins: 0, horizon, mase: null, wape: null, coverage80: null, coverage95: null, byModel: {} },
    runId: null,
    trainedFrom: null,
    trainedTo: null,
    storedHorizon: 0,
    summary: null,
    currency: null,
  };
  if (!run) return empty;
  const rows = readSeriesRows(db, run.runId, input.level, input.key !== undefined ? { key: input.key } : { top: input.top ?? DEFAULT_TOP[input.level] });
  const series = rows.map((r) => toSeries(db, run.runId, r, horizon));
  const { served, ...byModel } = readAccuracy(db, run.runId, input.level);
  return {
    level: input.level,
    model: series[0]?.model ?? '',
    series,
    backtest: {
      origins: run.origins[input.level]?.length ?? 0,
      horizon: run.horizon,
      mase: served?.mase ?? null,
      wape: served?.wape ?? null,
      coverage80: served?.coverage80 ?? null,
      coverage95: served?.coverage95 ?? null,
      byModel,
    },
    runId: run.runId,
    trainedFrom: run.dataFrom,
    trainedTo: run.dataTo,
    storedHorizon: run.horizon,
    summary: input.level === 'total' ? run.summary : null,
    currency: run.currency,
  };
}

export function forecastBacktestView(db: Db, input: { level: ForecastLevel; key?: string | undefined }): ForecastBacktestView {
  const run = servingForecast(db);
  const key = input.key ?? (input.level === 'total' ? 'total' : (readSeriesRows(db, run?.runId ?? -1, input.level, { top: 1 })[0]?.key ?? ''));
  if (!run) return { runId: null, level: input.level, key, model: null, origins: [], points: [] };
  const model = readSeriesRows(db, run.runId, input.level, { key })[0]?.model ?? null;
  return { runId: run.runId, model, ...readBacktest(db, run.runId, input.level, key) };
}

export function forecastRunsView(db: Db, limit = 20): ForecastRunInfo[] {
  return listRuns(db, { kind: 'forecast', limit }).map((r) => {
    const stored = r.status === 'ok' ? readRun(db, r.id) : null;
    return {
      id: r.id,
      status: r.status,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      durationMs: r.durationMs,
      peakRssMb: r.peakRssMb,
      seed: r.seed,
      dataFrom: r.dataFrom,
      dataTo: r.dataTo,
      horizon: stored?.horizon ?? null,
      accuracy: stored ? readLevelAccuracy(db, r.id, stored) : [],
      summary: stored?.summary ?? null,
      error: r.error,
      serving: r.serving,
    };
  });
}

export function forecastProductsView(db: Db, input: { search?: string | undefined; limit?: number | undefined }): ForecastProductRow[] {
  const run = servingForecast(db);
  if (!run) return [];
  const search = input.search?.trim();
  return readSeriesRows(db, run.runId, 'product', search ? { search, top: input.limit ?? 50 } : { top: input.limit ?? 50 }).map((r) =>
    productRow(r, run.horizon),
  );
}

export function forecastProductView(db: Db, key: string): ForecastProductView {
  const run = servingForecast(db);
  const none: ForecastProductView = { runId: run?.runId ?? null, product: null, history: [], series: null, accuracy: {}, reorder: null };
  if (!run) return none;
  const row = readSeriesRows(db, run.runId, 'product', { key })[0];
  if (!row) return none;
  return {
    runId: run.runId,
    product: productRow(row, run.horizon),
    history: historyOf(row),
    series: toSeries(db, run.runId, row, run.horizon),
    accuracy: readAccuracy(db, run.runId, 'product', key),
    reorder: row.product_id !== null ? (readReorders(db, run.runId, { productId: row.product_id })[0] ?? null) : null,
  };
}

export function reorderSuggestionsView(db: Db, limit?: number): ReorderSuggestionsView {
  const run = servingForecast(db);
  if (!run) return { runId: null, asOf: null, serviceLevel: 0.95, rows: [] };
  const rows = readReorders(db, run.runId, limit !== undefined ? { limit } : {});
  return { runId: run.runId, asOf: run.dataTo, serviceLevel: rows[0]?.serviceLevel ?? 0.95, rows };
}

/**
 * Stores a forecast run's outputs (migration 4; the shop total's expected value
 * per past day, migration 8) and reads them back for the handlers, the CLI and
 * the anomaly model. `writeForecast` runs inside the registry's transaction
 * that marks the run good. Readers take a run id (the latest good run's, from
 * the registry) and never recompute anything.
 */
import type {
  BacktestPoint,
  ForecastBacktestView,
  ForecastLevel,
  ForecastPoint,
  ForecastProductRow,
  ForecastSeries,
  LevelAccuracy,
  ModelAccuracy,
  ReorderSuggestion,
} from '../../../common/api-forecast.js';
import type { Db } from '../../store/db.js';
import { dayToIso } from '../../store/kinds.js';
import type { ForecastOutputs, Level } from '../forecast/types.js';

export function writeForecast(db: Db, runId: number, out: ForecastOutputs): void {
  db.prepare('INSERT INTO forecast_run (run_id, data_from, data_to, horizon, country, currency, summary, origins) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    runId,
    out.start,
    out.end,
    out.horizon,
    out.country,
    out.currency,
    out.summary,
    JSON.stringify(out.origins),
  );
  const series =
    db.prepare(`INSERT INTO forecast_series (run_id, level, key, sku, name, product_id, category, model, weights, rank, expected, history_from, history)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const values = db.prepare('INSERT INTO forecast_values (run_id, level, key, date, mean, lo80, hi80, lo95, hi95) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const rank = new Map<Level, number>();
  // Forecast dates: the days after the history's end.
  const dates: number[] = [];
  for (let k = 0, d = nextDay(out.end); k < out.horizon; k++, d = nextDay(d)) dates.push(d);
  for (const s of out.series) {
    const r = rank.get(s.level) ?? 0;
    rank.set(s.level, r + 1);
    const f = s.forecast;
    let expected = 0;
    for (const v of f.mean) expected += v;
    const hist = Buffer.from(s.history.buffer, s.history.byteOffset, s.history.byteLength);
    series.run(runId, s.level, s.key, s.sku, s.name, s.productId, s.category, s.model, JSON.stringify(s.weights), r, expected, s.historyStart, hist);
    for (let k = 0; k < out.horizon; k++) values.run(runId, s.level, s.key, dates[k], f.mean[k], f.lo80[k], f.hi80[k], f.lo95[k], f.hi95[k]);
  }
  const metric = db.prepare(
    'INSERT INTO forecast_metrics (run_id, level, key, model, mase, wape, coverage80, coverage95, series) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const m of out.metrics) metric.run(runId, m.level, m.key ?? '', m.model, m.mase, m.wape, m.coverage80, m.coverage95, m.series);
  const bt = db.prepare(
    'INSERT INTO forecast_backtest (run_id, level, key, origin, step, date, actual, mean, lo80, hi80, lo95, hi95) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const b of out.backtest) bt.run(runId, b.level, b.key, b.origin, b.step, b.date, b.actual, b.mean, b.lo80, b.hi80, b.lo95, b.hi95);
  if (out.expected) {
    const ex = db.prepare('INSERT INTO forecast_expected (run_id, date, expected) VALUES (?, ?, ?)');
    for (let i = 0, d = out.start; i < out.expected.length; i++, d = nextDay(d)) if (Number.isFinite(out.expected[i])) ex.run(runId, d, out.expected[i]);
  }
  const ro =
    db.prepare(`INSERT INTO forecast_reorders (run_id, product_id, key, sku, name, on_hand, lead_time_days, daily_demand, demand_lead, safety_stock, reorder_point, suggested_qty, service_level, reason)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const r of out.reorders) {
    ro.run(
      runId,
      r.productId,
      r.key,
      r.sku,
      r.name,
      r.onHand,
      r.leadTimeDays,
      r.dailyDemand,
      r.demandOverLeadTime,
      r.safetyStock,
      r.reorderPoint,
      r.suggestedQty,
      r.serviceLevel,
      r.reason,
    );
  }
}

function nextDay(d: number): number {
  const t = new Date(Date.UTC(Math.floor(d / 10000), (Math.floor(d / 100) % 100) - 1, (d % 100) + 1));
  return t.getUTCFullYear() * 10000 + (t.getUTCMonth() + 1) * 100 + t.getUTCDate();
}

export interface StoredRun {
  runId: number;
  dataFrom: string;
  dataTo: string;
  horizon: number;
  country: string;
  currency: string | null;
  summary: string | null;
  origins: Partial<Record<ForecastLevel, string[]>>;
}

export function readRun(db: Db, runId: number): StoredRun | null {
  const r = db.prepare('SELECT * FROM forecast_run WHERE run_id = ?').get(runId) as
    | { run_id: number; data_from: number; data_to: number; horizon: number; country: string; currency: string | null; summary: string | null; origins: string }
    | undefined;
  if (!r) return null;
  const origins = JSON.parse(r.origins) as Partial<Record<ForecastLevel, number[]>>;
  return {
    runId: r.run_id,
    dataFrom: dayToIso(r.data_from),
    dataTo: dayToIso(r.data_to),
    horizon: r.horizon,
    country: r.country,
    currency: r.currency,
    summary: r.summary,
    origins: Object.fromEntries(Object.entries(origins).map(([l, o]) => [l, (o ?? []).map(dayToIso)])),
  };
}

/**
 * The shop total's expected net sales per past trading day of a run (the served
 * model's one-step-ahead fitted values, forecast/fitted.ts): YYYYMMDD -> value,
 * empty when the run stored none.
 */
export function readForecastExpected(db: Db, runId: number): Map<number, number> {
  const rows = db.prepare('SELECT date, expected FROM forecast_expected WHERE run_id = ? ORDER BY date').raw().all(runId) as Array<[number, number]>;
  return new Map(rows);
}

interface SeriesRow {
  level: ForecastLevel;
  key: string;
  sku: string | null;
  name: string;
  product_id: number | null;
  category: string | null;
  model: string;
  rank: number;
  expected: number;
  history_from: number;
  history: Buffer;
}

/** Series of a level, by rank (products: highest net sales first), optionally one key, or names/SKUs containing `search`. */
export function readSeriesRows(db: Db, runId: number, level: ForecastLevel, opts: { key?: string; top?: number; search?: string } = {}): SeriesRow[] {
  if (opts.key !== undefined) {
    return db.prepare('SELECT * FROM forecast_series WHERE run_id = ? AND level = ? AND key = ?').all(runId, level, opts.key) as SeriesRow[];
  }
  if (opts.search) {
    const like = `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return db
      .prepare(`SELECT * FROM forecast_series WHERE run_id = ? AND level = ? AND (name LIKE ? ESCAPE '\\' OR sku LIKE ? ESCAPE '\\') ORDER BY rank LIMIT ?`)
      .all(runId, level, like, like, opts.top ?? 50) as SeriesRow[];
  }
  return db.prepare('SELECT * FROM forecast_series WHERE run_id = ? AND level = ? ORDER BY rank LIMIT ?').all(runId, level, opts.top ?? -1) as SeriesRow[];
}

export function toSeries(db: Db, runId: number, row: SeriesRow, horizon: number): ForecastSeries {
  const points = db
    .prepare('SELECT date, mean, lo80, hi80, lo95, hi95 FROM forecast_values WHERE run_id = ? AND level = ? AND key = ? ORDER BY date LIMIT ?')
    .all(runId, row.level, row.key, horizon) as Array<Omit<ForecastPoint, 'date'> & { date: number }>;
  return { key: row.key, sku: row.sku, name: row.name, model: row.model, forecast: points.map((p) => ({ ...p, date: dayToIso(p.date) })) };
}

export function productRow(row: SeriesRow, horizon: number): ForecastProductRow {
  return { key: row.key, sku: row.sku, name: row.name, category: row.category, model: row.model, expectedUnits: row.expected, horizon };
}

export function historyOf(row: SeriesRow): Array<{ date: string; value: number }> {
  const values = new Float64Array(row.history.buffer.slice(row.history.byteOffset, row.history.byteOffset + row.history.byteLength));
  const out: Array<{ date: string; value: number }> = [];
  for (let i = 0, d = row.history_from; i < values.length; i++, d = nextDay(d)) out.push({ date: dayToIso(d), value: values[i] });
  return out;
}

interface MetricDbRow {
  level: ForecastLevel;
  key: string;
  model: string;
  mase: number | null;
  wape: number | null;
  coverage80: number | null;
  coverage95: number | null;
  series: number;
}

const accuracyOf = (m: MetricDbRow): ModelAccuracy => ({ mase: m.mase, wape: m.wape, coverage80: m.coverage80, coverage95: m.coverage95, series: m.series });

/** Accuracy by model ('served' included) of a level as a whole (key omitted) or of one series. */
export function readAccuracy(db: Db, runId: number, level: ForecastLevel, key = ''): Record<string, ModelAccuracy> {
  const rows = db.prepare('SELECT * FROM forecast_metrics WHERE run_id = ? AND level = ? AND key = ? ORDER BY model').all(runId, level, key) as MetricDbRow[];
  return Object.fromEntries(rows.map((r) => [r.model, accuracyOf(r)]));
}

export function readLevelAccuracy(db: Db, runId: number, run: StoredRun): LevelAccuracy[] {
  const out: LevelAccuracy[] = [];
  for (const level of ['total', 'category', 'product'] as const) {
    const all = readAccuracy(db, runId, level);
    const { served, ...byModel } = all;
    if (!served) continue;
    out.push({ level, origins: run.origins[level]?.length ?? 0, horizon: run.horizon, served, byModel });
  }
  return out;
}

export function readBacktest(db: Db, runId: number, level: ForecastLevel, key: string): Omit<ForecastBacktestView, 'runId' | 'model'> {
  const rows = db
    .prepare(
      'SELECT origin, step, date, actual, mean, lo80, hi80, lo95, hi95 FROM forecast_backtest WHERE run_id = ? AND level = ? AND key = ? ORDER BY origin, step',
    )
    .all(runId, level, key) as Array<Omit<BacktestPoint, 'origin' | 'date'> & { origin: number; date: number }>;
  const origins = [...new Set(rows.map((r) => r.origin))].map(dayToIso);
  return { level, key, origins, points: rows.map((r) => ({ ...r, origin: dayToIso(r.origin), date: dayToIso(r.date) })) };
}

interface ReorderDbRow {
  product_id: number;
  key: string;
  sku: string | null;
  name: string;
  on_hand: number;
  lead_time_days: number;
  daily_demand: number;
  demand_lead: number;
  safety_stock: number;
  reorder_point: number;
  suggested_qty: number;
  service_level: number;
  reason: string;
}

const toReorder = (r: ReorderDbRow): ReorderSuggestion => ({
  productId: r.product_id,
  key: r.key,
  sku: r.sku,
  name: r.name,
  onHand: r.on_hand,
  leadTimeDays: r.lead_time_days,
  dailyDemand: r.daily_demand,
  demandOverLeadTime: r.demand_lead,
  safetyStock: r.safety_stock,
  reorderPoint: r.reorder_point,
  suggestedQty: r.suggested_qty,
  serviceLevel: r.service_level,
  reason: r.reason,
});

/** Reorder suggestions, those to order now first (most short of their reorder point). */
export function readReorders(db: Db, runId: number, opts: { limit?: number; productId?: number } = {}): ReorderSuggestion[] {
  const rows = (
    opts.productId !== undefined
      ? db.prepare('SELECT * FROM forecast_reorders WHERE run_id = ? AND product_id = ?').all(runId, opts.productId)
      : db
          .prepare('SELECT * FROM forecast_reorders WHERE run_id = ? ORDER BY suggested_qty > 0 DESC, on_hand - reorder_point, name LIMIT ?')
          .all(runId, opts.limit ?? -1)
  ) as ReorderDbRow[];
  return rows.map(toReorder);
}

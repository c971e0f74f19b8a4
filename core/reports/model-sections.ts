/**
 * The report's model sections (forecast, customer segments, anomalies) take
 * their data here, and only here. A section shows a model's outputs when the
 * model registry (core/models/registry.ts) has an ok run of that kind AND a reader for its outputs is
 * wired into MODEL_READERS; otherwise the section says plainly that the model
 * has not run yet (or that its results cannot be shown by this version).
 *
 * The model kinds' output tables arrive with their own helpers: wiring one in
 * is one entry in MODEL_READERS, a function of (db, run, period) that reads the
 * run's outputs through the kind's store module (core/models/store/<kind>.ts).
 */
import type { Anomaly, ForecastBand } from '../../common/api-dashboards.js';
import type { ModelRunInfo } from '../../common/api-models.js';
import { latestGoodRun } from '../models/registry.js';
import { listAnomalies } from '../models/store/anomalies.js';
import { historyOf, readRun, readSeriesRows, toSeries } from '../models/store/forecast.js';
import { readSegmentSummaries } from '../models/store/segments.js';
import type { Db } from '../store/db.js';

export type ModelRun = ModelRunInfo;

export interface ForecastSection {
  /** Actual sales before the forecast, per bucket (days or weeks). */
  actual: Array<{ date: string; net: number }>;
  forecast: ForecastBand;
  /** e.g. "weekly net sales, next 8 weeks" */
  description?: string;
}

export interface SegmentRow {
  name: string;
  customers: number;
  net: number;
  advice: string;
}

export interface ModelReaders {
  forecast?: (db: Db, run: ModelRun, period: { from: string; to: string }) => ForecastSection | null;
  segments?: (db: Db, run: ModelRun, period: { from: string; to: string }) => SegmentRow[] | null;
  anomalies?: (db: Db, run: ModelRun, period: { from: string; to: string }) => Anomaly[] | null;
}

/** The last eight weeks of the shop's daily net sales before the forecast, so the chart shows where it comes from. */
const ACTUAL_DAYS = 56;

/** Readers of each model kind's outputs, through the kind's own store module. */
export const MODEL_READERS: ModelReaders = {
  forecast(db, run) {
    const stored = readRun(db, run.id);
    const total = readSeriesRows(db, run.id, 'total', { top: 1 })[0];
    if (!stored || !total) return null;
    const series = toSeries(db, run.id, total, stored.horizon);
    return {
      actual: historyOf(total)
        .slice(-ACTUAL_DAYS)
        .map((p) => ({ date: p.date, net: p.value })),
      forecast: { model: series.model, points: series.forecast },
      description: `Daily net sales, the next ${stored.horizon} days`,
    };
  },
  segments(db, run) {
    const segments = readSegmentSummaries(db, run.id);
    return segments.length ? segments.map((s) => ({ name: s.label, customers: s.size, net: s.revenue, advice: s.action })) : null;
  },
  anomalies(db, _run, period) {
    const list = listAnomalies(db, { from: period.from, to: period.to, limit: 15 });
    return list.anomalies.map((a) => ({ date: a.date, kind: a.scope, score: a.score, message: a.explanation }));
  },
};

export type SectionState<T> = { state: 'ok'; run: ModelRun; data: T } | { state: 'missing'; message: string };

export interface ModelSections {
  forecast: SectionState<ForecastSection>;
  segments: SectionState<SegmentRow[]>;
  anomalies: SectionState<Anomaly[]>;
}

const NOT_RUN: Record<keyof ModelReaders, string> = {
  forecast:
    'The forecast has not run yet. Tillsight trains its models after each import (or run “tillsight train”); once it has, this section shows the coming weeks with their likely ranges.',
  segments:
    'The customer segments have not been computed yet. Once the segmentation model has run, customers are grouped here by how recently, how often and how much they buy.',
  anomalies:
    'The anomaly check has not run yet. Once it has, unusual days in the period (a spike, a run of refunds, a price keyed wrong) are listed here with a sentence each.',
};

const NO_READER: Record<keyof ModelReaders, string> = {
  forecast: 'The forecast has run, but this version of Tillsight cannot print its results yet.',
  segments: 'The customer segments have been computed, but this version of Tillsight cannot print them yet.',
  anomalies: 'The anomaly check has run, but this version of Tillsight cannot print its findings yet.',
};

/**
 * The kind's newest ok run (the one the dashboards serve), or undefined. The
 * registry's table comes with migration 3, so every opened database has it;
 * a kind that never ran, or whose runs all failed, has none.
 */
export function latestOkRun(db: Db, kind: string): ModelRun | undefined {
  return latestGoodRun(db, kind);
}

function section<K extends keyof ModelReaders>(db: Db, kind: K, period: { from: string; to: string }): ModelSections[K] {
  const run = latestOkRun(db, kind);
  if (!run) return { state: 'missing', message: NOT_RUN[kind] };
  const reader = MODEL_READERS[kind] as ((db: Db, run: ModelRun, period: { from: string; to: string }) => unknown) | undefined;
  const data = reader ? reader(db, run, period) : null;
  if (data === null || data === undefined) return { state: 'missing', message: NO_READER[kind] };
  return { state: 'ok', run, data } as ModelSections[K];
}

export function modelSections(db: Db, period: { from: string; to: string }): ModelSections {
  return {
    forecast: section(db, 'forecast', period),
    segments: section(db, 'segments', period),
    anomalies: section(db, 'anomalies', period),
  };
}

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

/** Readers of each model kind's outputs; the model helpers' store modules are wired in here. */
export const MODEL_READERS: ModelReaders = {};

export type SectionState<T> = { state: 'ok'; run: ModelRun; data: T } | { state: 'missing'; message: string };

export interface ModelSections {
  forecast: SectionState<ForecastSection>;
  segments: SectionState<SegmentRow[]>;
  anomalies: SectionState<Anomaly[]>;
}

const NOT_RUN: Record<keyof ModelReaders, string> = {
  forecast: 'The forecast has not run yet. Tillsight trains its models after each import (or run “tillsight train”); once it has, this section shows the coming weeks with their likely ranges.',
  segments: 'The customer segments have not been computed yet. Once the segmentation model has run, customers are grouped here by how recently, how often and how much they buy.',
  anomalies: 'The anomaly check has not run yet. Once it has, unusual days in the period (a spike, a run of refunds, a price keyed wrong) are listed here with a sentence each.',
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

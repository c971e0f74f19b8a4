/**
 * The anomaly model's outputs (table `anomalies`, per run) and the owner's
 * marks on them (`anomaly_marks`, per date + scope + subject, kept across
 * runs), migration 6. The spec that ties reading, training and writing
 * together is at the end.
 */
import type { AnomalyItem, AnomalyList, AnomalyScopeFilter, AnomalyVerdict } from '../../../common/api-anomalies.js';
import type { Db } from '../../store/db.js';
import { dayToIso, isoToDay } from '../../store/kinds.js';
import { trainAnomalies, type AnomalyOutputs } from '../anomalies/train.js';
import type { AnomalyData } from '../anomalies/types.js';
import { readAnomalyData } from '../data/anomalies.js';
import { currentDataVersion, latestGoodRun } from '../registry.js';
import { defineModel } from '../runtime.js';

export const ANOMALIES_KIND = 'anomalies';

export function writeAnomalies(db: Db, runId: number, outputs: AnomalyOutputs): void {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO anomalies (run_id, date, scope, subject, score, expected, actual, direction, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const a of outputs.anomalies) insert.run(runId, isoToDay(a.date), a.scope, a.subject, a.score, a.expected, a.actual, a.direction, a.explanation);
}

interface Row {
  date: number;
  scope: string;
  subject: string;
  score: number;
  expected: number;
  actual: number;
  direction: 'spike' | 'drop';
  explanation: string;
  verdict: AnomalyVerdict | null;
  note: string | null;
  marked_at: string | null;
}

export interface ListOptions {
  from?: string | undefined;
  to?: string | undefined;
  scope?: AnomalyScopeFilter | undefined;
  includeExplained?: boolean | undefined;
  limit?: number | undefined;
}

/**
 * The latest good run's anomalies, highest score first, with the owner's mark.
 * An explained anomaly no longer counts: it is left out unless asked for.
 */
export function listAnomalies(db: Db, opts: ListOptions = {}): AnomalyList {
  const run = latestGoodRun(db, ANOMALIES_KIND);
  if (!run) return { run: null, anomalies: [] };
  const where = ['a.run_id = @run'];
  if (opts.from) where.push('a.date >= @from');
  if (opts.to) where.push('a.date <= @to');
  if (opts.scope === 'product') where.push(`a.scope LIKE 'product:%'`);
  else if (opts.scope) where.push('a.scope = @scope');
  if (!opts.includeExplained) where.push(`(m.verdict IS NULL OR m.verdict <> 'explained')`);
  const rows = db
    .prepare(
      `SELECT a.date, a.scope, a.subject, a.score, a.expected, a.actual, a.direction, a.explanation, m.verdict, m.note, m.marked_at
         FROM anomalies a LEFT JOIN anomaly_marks m ON m.date = a.date AND m.scope = a.scope AND m.subject = a.subject
        WHERE ${where.join(' AND ')}
        ORDER BY a.score DESC, a.date, a.scope, a.subject LIMIT @limit`,
    )
    .all({
      run: run.id,
      from: opts.from ? isoToDay(opts.from) : null,
      to: opts.to ? isoToDay(opts.to) : null,
      scope: opts.scope ?? null,
      limit: opts.limit ?? 1000,
    }) as Row[];
  return {
    run: { id: run.id, finishedAt: run.finishedAt, dataFrom: run.dataFrom, dataTo: run.dataTo },
    anomalies: rows.map((r): AnomalyItem => ({
      date: dayToIso(r.date),
      scope: r.scope,
      subject: r.subject,
      score: r.score,
      expected: r.expected,
      actual: r.actual,
      direction: r.direction,
      explanation: r.explanation,
      mark: r.verdict ? { verdict: r.verdict, note: r.note ?? '', markedAt: r.marked_at! } : null,
    })),
  };
}

export interface MarkKey {
  date: string;
  scope: string;
  subject?: string | undefined;
}

/**
 * What a mark or unmark did: `trainingDaysChanged` when it added a day to the
 * days left out of forecast training or gave one back (migration 8's triggers
 * then moved the data version: every model is stale, and a host retrains).
 */
export interface MarkResult {
  changed: boolean;
  trainingDaysChanged: boolean;
}

/** The owner's answer to an anomaly; a second mark replaces the first. */
export function markAnomaly(db: Db, key: MarkKey, verdict: AnomalyVerdict, note = ''): MarkResult {
  const version = currentDataVersion(db);
  db.prepare(
    `INSERT INTO anomaly_marks (date, scope, subject, verdict, note, marked_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (date, scope, subject) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, marked_at = excluded.marked_at`,
  ).run(isoToDay(key.date), key.scope, key.subject ?? '', verdict, note, new Date().toISOString());
  return { changed: true, trainingDaysChanged: currentDataVersion(db) !== version };
}

export function unmarkAnomaly(db: Db, key: MarkKey): MarkResult {
  const version = currentDataVersion(db);
  const changed =
    db.prepare('DELETE FROM anomaly_marks WHERE date = ? AND scope = ? AND subject = ?').run(isoToDay(key.date), key.scope, key.subject ?? '').changes > 0;
  return { changed, trainingDaysChanged: currentDataVersion(db) !== version };
}

/**
 * Days the owner marked as an error (any scope: a mistyped line distorts its
 * day's total too), ISO, ascending: the forecast's reader leaves them out of
 * training (core/models/data/forecast.ts). An 'explained' mark does not.
 */
export function excludedTrainingDays(db: Db): string[] {
  return (db.prepare(`SELECT DISTINCT date FROM anomaly_marks WHERE verdict = 'error' ORDER BY date`).pluck().all() as number[]).map(dayToIso);
}

/** The anomaly kind for the model runtime (core/models/kinds.ts). */
export const anomaliesModel = defineModel<AnomalyData, AnomalyOutputs>({
  kind: ANOMALIES_KIND,
  title: 'Finding unusual days',
  read: readAnomalyData,
  // The shop's days are judged against data.expected: the latest good forecast run's (readAnomalyData).
  train: (data, ctx) => trainAnomalies(data, ctx),
  write: writeAnomalies,
  dataRange: (data) => (data.dates.length ? { from: isoToDay(data.dates[0]), to: isoToDay(data.dates[data.dates.length - 1]) } : { from: null, to: null }),
});

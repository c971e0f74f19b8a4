/**
 * The model registry: every training run of every kind, with what it saw and
 * how it scored (table `model_runs`, migration 3). A run's outputs are written
 * in the same transaction that marks it good, so a failed, cancelled or killed
 * run never serves; the latest good run of a kind is what the dashboards read.
 * The last RUNS_KEPT runs of each kind are kept (their outputs go with them,
 * ON DELETE CASCADE), so older runs stay comparable.
 */
import type { ModelRunInfo, ModelRunStatus } from '../../common/api-models.js';
import type { Db } from '../store/db.js';
import { dayToIso } from '../store/kinds.js';

export const RUNS_KEPT = 20;

interface RunRow {
  id: number;
  kind: string;
  status: ModelRunStatus;
  params: string;
  seed: number;
  data_version: number;
  data_from: number | null;
  data_to: number | null;
  metrics: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  peak_rss_mb: number | null;
  error: string | null;
  reason: string | null;
}

/** The data version: a counter that every import and undo moves (triggers on import_batches, migration 3). */
export function currentDataVersion(db: Db): number {
  const v = db.prepare(`SELECT value FROM meta WHERE key = 'data_version'`).pluck().get() as string | undefined;
  return v === undefined ? 0 : Number(v);
}

export function beginRun(db: Db, run: { kind: string; seed: number; dataVersion: number; reason?: string }): number {
  return db
    .transaction(() => {
      // One training at a time writes here; a run still 'running' was cut short (the process died).
      db.prepare(`UPDATE model_runs SET status = 'failed', error = 'interrupted before it finished' WHERE kind = ? AND status = 'running'`).run(run.kind);
      const r = db
        .prepare(`INSERT INTO model_runs (kind, status, seed, data_version, started_at, reason) VALUES (?, 'running', ?, ?, ?, ?)`)
        .run(run.kind, run.seed, run.dataVersion, new Date().toISOString(), run.reason ?? null);
      return Number(r.lastInsertRowid);
    })
    .immediate();
}

export interface RunFinish {
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  dataFrom: number | null;
  dataTo: number | null;
  durationMs: number;
  peakRssMb: number;
}

/** Writes the outputs and marks the run good, all or nothing; then prunes old runs of the kind. */
export function completeRun(db: Db, runId: number, finish: RunFinish, writeOutputs: () => void): void {
  db.transaction(() => {
    writeOutputs();
    db.prepare(
      `UPDATE model_runs SET status = 'ok', params = ?, metrics = ?, data_from = ?, data_to = ?, finished_at = ?, duration_ms = ?, peak_rss_mb = ? WHERE id = ?`,
    ).run(
      JSON.stringify(finish.params),
      JSON.stringify(finish.metrics),
      finish.dataFrom,
      finish.dataTo,
      new Date().toISOString(),
      Math.round(finish.durationMs),
      finish.peakRssMb,
      runId,
    );
    const kind = db.prepare('SELECT kind FROM model_runs WHERE id = ?').pluck().get(runId) as string;
    db.prepare(`DELETE FROM model_runs WHERE kind = ? AND id NOT IN (SELECT id FROM model_runs WHERE kind = ? ORDER BY id DESC LIMIT ?)`).run(
      kind,
      kind,
      RUNS_KEPT,
    );
  }).immediate();
}

export function failRun(db: Db, runId: number, status: 'failed' | 'cancelled', error: string, durationMs: number): void {
  db.prepare(`UPDATE model_runs SET status = ?, error = ?, finished_at = ?, duration_ms = ? WHERE id = ?`).run(
    status,
    error.slice(0, 2000),
    new Date().toISOString(),
    Math.round(durationMs),
    runId,
  );
}

function toInfo(r: RunRow, servingId: number | undefined): ModelRunInfo {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    params: JSON.parse(r.params) as Record<string, unknown>,
    seed: r.seed,
    dataVersion: r.data_version,
    dataFrom: r.data_from === null ? null : dayToIso(r.data_from),
    dataTo: r.data_to === null ? null : dayToIso(r.data_to),
    metrics: JSON.parse(r.metrics) as Record<string, unknown>,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    peakRssMb: r.peak_rss_mb,
    error: r.error,
    reason: r.reason,
    serving: r.id === servingId,
  };
}

/** The run whose outputs serve for this kind: its latest good one. */
export function latestGoodRun(db: Db, kind: string): ModelRunInfo | undefined {
  const r = db.prepare(`SELECT * FROM model_runs WHERE kind = ? AND status = 'ok' ORDER BY id DESC LIMIT 1`).get(kind) as RunRow | undefined;
  return r ? toInfo(r, r.id) : undefined;
}

export function listRuns(db: Db, opts: { kind?: string; limit?: number } = {}): ModelRunInfo[] {
  const rows = (
    opts.kind
      ? db.prepare('SELECT * FROM model_runs WHERE kind = ? ORDER BY id DESC LIMIT ?').all(opts.kind, opts.limit ?? 50)
      : db.prepare('SELECT * FROM model_runs ORDER BY id DESC LIMIT ?').all(opts.limit ?? 50)
  ) as RunRow[];
  const serving = new Map<string, number | undefined>();
  for (const r of rows) if (!serving.has(r.kind)) serving.set(r.kind, latestGoodRun(db, r.kind)?.id);
  return rows.map((r) => toInfo(r, serving.get(r.kind)));
}

/** The kinds among `kinds` with no good run, or whose good run saw older data than the database holds now. */
export function staleKinds(db: Db, kinds: string[]): string[] {
  const version = currentDataVersion(db);
  return kinds.filter((k) => {
    const run = latestGoodRun(db, k);
    return !run || run.dataVersion !== version;
  });
}

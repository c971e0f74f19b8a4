/**
 * Trains model kinds one after another on one connection (the training job's,
 * in a worker thread): each run is registered, timed, its peak memory sampled,
 * and its outputs stored with it in one transaction. A kind that fails is
 * recorded as failed and the others still train; a cancel stops them all.
 */
import type { TrainResult } from '../../common/api-models.js';
import type { Db } from '../store/db.js';
import { beginRun, completeRun, currentDataVersion, failRun, listRuns } from './registry.js';
import { checkCancelled, TrainingCancelled, type ModelSpec } from './runtime.js';

export interface TrainAllOptions {
  seed: number;
  signal: AbortSignal;
  progress(phase: string, done: number, total: number | null, message?: string): void;
  reason?: string;
}

/** Samples the process's resident memory while `fn` runs (a worker shares its process's heap and RSS). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssMb: Math.round((peak / 1048576) * 10) / 10 };
  } finally {
    clearInterval(timer);
  }
}

export async function trainAll(db: Db, specs: readonly ModelSpec[], opts: TrainAllOptions): Promise<TrainResult> {
  const ids: number[] = [];
  for (const [i, spec] of specs.entries()) {
    checkCancelled(opts.signal);
    const runId = beginRun(db, { kind: spec.kind, seed: opts.seed, dataVersion: currentDataVersion(db), reason: opts.reason });
    ids.push(runId);
    const started = performance.now();
    const phase = (p: string) => `${spec.title} (${i + 1} of ${specs.length}): ${p}`;
    try {
      opts.progress(phase('reading the data'), 0, null);
      const data = spec.read(db);
      checkCancelled(opts.signal);
      const { value: trained, peakRssMb } = await withPeakRss(() =>
        spec.train(data, { seed: opts.seed, signal: opts.signal, progress: (p, done, total, message) => opts.progress(phase(p), done, total, message) }),
      );
      checkCancelled(opts.signal);
      opts.progress(phase('saving'), 0, null);
      const range = spec.dataRange?.(data) ?? { from: null, to: null };
      completeRun(
        db,
        runId,
        { params: trained.params, metrics: trained.metrics, dataFrom: range.from, dataTo: range.to, durationMs: performance.now() - started, peakRssMb },
        () => spec.write(db, runId, trained.outputs),
      );
    } catch (e) {
      const cancelled = e instanceof TrainingCancelled;
      failRun(db, runId, cancelled ? 'cancelled' : 'failed', e instanceof Error ? e.message : String(e), performance.now() - started);
      if (cancelled) throw e;
    }
  }
  const runs = listRuns(db, { limit: 200 })
    .filter((r) => ids.includes(r.id))
    .sort((a, b) => a.id - b.id);
  return { runs };
}

import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api/context.js';
import type { ProgressEvent } from '../../common/api.js';

const WORKER_URL = new URL('../../workers/db-worker.js', import.meta.url);

interface Running {
  worker: Worker;
  cancel(): void;
}

/** Jobs in flight, by task id, so a client can cancel one. */
const running = new Map<string, Running>();

/**
 * Runs a job in a fresh worker thread. Writes are serialised by SQLite itself
 * (BEGIN IMMEDIATE waits on busy_timeout), so two imports never interleave.
 */
export function runJob<T>(dbPath: string, job: string, args: unknown, opts: { taskId?: string; onProgress?: (e: ProgressEvent) => void } = {}): Promise<T> {
  const taskId = opts.taskId ?? randomBytes(6).toString('hex');
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { dbPath, job, args } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      running.delete(taskId);
      fn();
    };
    running.set(taskId, { worker, cancel: () => worker.postMessage({ type: 'cancel' }) });
    worker.on('message', (m: { type: string; phase?: string; done?: number; total?: number | null; message?: string; result?: unknown; code?: ApiError['code'] }) => {
      if (m.type === 'progress') opts.onProgress?.({ taskId, phase: m.phase!, done: m.done!, total: m.total ?? null, message: m.message });
      else if (m.type === 'done') finish(() => resolve(m.result as T));
      else if (m.type === 'error') finish(() => reject(new ApiError(m.code ?? 'internal', m.message ?? 'the job failed')));
      // The worker ends by itself after its last message; unref so a finished job never holds the process.
      if (m.type === 'done' || m.type === 'error') worker.unref();
    });
    worker.on('error', (e) => finish(() => reject(new ApiError('internal', e.message))));
    worker.on('exit', (code) => finish(() => reject(new ApiError('internal', `the worker stopped (exit code ${code})`))));
  });
}

export function cancelJob(taskId: string): boolean {
  const r = running.get(taskId);
  if (!r) return false;
  r.cancel();
  return true;
}

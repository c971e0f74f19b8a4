import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api/context.js';
import type { ProgressEvent } from '../../common/api.js';
import type { JobArgs, JobName, JobResult } from './jobs.js';
import type { FromWorker, JobStart, ToWorker } from './protocol.js';

// The worker is the one place that may import both the core and sample-data/
// (the sample shop's jobs); the core reaches it only through this URL.
const WORKER_URL = new URL('../../workers/db-worker.js', import.meta.url);

interface Running {
  job: JobName;
  worker: Worker;
  cancel(): void;
}

/** Jobs in flight, by task id, so a client can cancel one. */
const running = new Map<string, Running>();

export interface RunOptions {
  taskId?: string;
  onProgress?: (e: ProgressEvent) => void;
}

/**
 * Runs a job in a fresh worker thread; its argument and result types come from
 * `JobSignatures`. Writes are serialised by SQLite itself (BEGIN IMMEDIATE waits
 * on busy_timeout), so two imports never interleave.
 */
export function runJob<J extends JobName>(dbPath: string, job: J, args: JobArgs<J>, opts: RunOptions = {}): Promise<JobResult<J>> {
  const taskId = opts.taskId ?? randomBytes(6).toString('hex');
  return new Promise<JobResult<J>>((resolve, reject) => {
    const start: JobStart<J> = { dbPath, job, args };
    const worker = new Worker(WORKER_URL, { workerData: start });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      running.delete(taskId);
      fn();
    };
    const cancel: ToWorker = { type: 'cancel' };
    running.set(taskId, { job, worker, cancel: () => worker.postMessage(cancel) });
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') opts.onProgress?.({ taskId, phase: m.phase, done: m.done, total: m.total, message: m.message });
      // The worker ran the implementation typed by JobSignatures[J]: its result is JobResult<J>.
      else if (m.type === 'done') finish(() => resolve(m.result as JobResult<J>));
      else finish(() => reject(new ApiError(m.code, m.message)));
      // The worker ends by itself after its last message; unref so a finished job never holds the process.
      if (m.type !== 'progress') worker.unref();
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

/** Task ids of the jobs of this kind running in this process. */
export function runningJobs(job?: JobName): string[] {
  return [...running].filter(([, r]) => !job || r.job === job).map(([id]) => id);
}

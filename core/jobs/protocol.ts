/**
 * The messages between the job runner (core/jobs/runner.ts) and its worker
 * thread (workers/db-worker.ts), typed once for both ends.
 */
import type { ApiError } from '../api/context.js';
import { isJobName, type JobArgs, type JobName } from './jobs.js';

/** What the runner hands the worker in `workerData`. */
export interface JobStart<J extends JobName = JobName> {
  dbPath: string;
  job: J;
  args: JobArgs<J>;
}

export type ToWorker = { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; phase: string; done: number; total: number | null; message?: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; code: ApiError['code']; message: string };

/**
 * Reads the start message in the worker. The runner is its only writer, so the
 * check is of shape (a wrong name is a programming error caught loudly).
 */
export function readJobStart(data: unknown): JobStart {
  const d = data as Partial<JobStart> | null;
  if (!d || typeof d.dbPath !== 'string' || !isJobName(d.job)) throw new Error(`not a job start message: ${JSON.stringify(data)?.slice(0, 100)}`);
  return d as JobStart;
}

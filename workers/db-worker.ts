/**
 * Worker thread that runs one database job (import, preview, undo, sample shop …)
 * on its own SQLite connection and reports progress to the thread that started it.
 * A 'cancel' message aborts the job at its next check; an import then rolls back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../core/store/db.js';
import { jobs, extraJobs, type JobContext } from '../core/jobs/jobs.js';
import { registerSampleJobs } from '../core/jobs/register.js';
import { ImportCancelled, ImportRefused } from '../core/import/errors.js';
import { BatchNotFound } from '../core/import/undo.js';

interface Start {
  dbPath: string;
  job: string;
  args: unknown;
}

async function main(): Promise<void> {
  const { dbPath, job, args } = workerData as Start;
  const controller = new AbortController();
  parentPort!.on('message', (m: { type: string }) => {
    if (m.type === 'cancel') controller.abort();
  });
  let lastSent = 0;
  const db = openDb(dbPath);
  const ctx: JobContext = {
    db,
    signal: controller.signal,
    progress(phase, done, total, message) {
      const now = Date.now();
      if (now - lastSent < 100 && total !== null && done < total) return; // at most ~10 a second
      lastSent = now;
      parentPort!.postMessage({ type: 'progress', phase, done, total, message });
    },
  };
  try {
    registerSampleJobs();
    const fn = (jobs as Record<string, (c: JobContext, a: unknown) => Promise<unknown>>)[job] ?? extraJobs.get(job);
    if (!fn) throw new Error(`unknown job ${job}`);
    const result = await fn(ctx, args);
    parentPort!.postMessage({ type: 'done', result });
  } catch (e) {
    const code = e instanceof ImportRefused ? 'refused' : e instanceof ImportCancelled ? 'cancelled' : e instanceof BatchNotFound ? 'not-found' : 'internal';
    parentPort!.postMessage({ type: 'error', code, message: e instanceof Error ? e.message : String(e) });
  } finally {
    db.close();
  }
}

void main();

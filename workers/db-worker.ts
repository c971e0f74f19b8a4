/**
 * Worker thread that runs one database job (import, preview, undo, sample shop …)
 * on its own SQLite connection and reports progress to the thread that started it.
 * A 'cancel' message aborts the job at its next check; an import then rolls back.
 * When the job is done the thread closes its port and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../core/store/db.js';
import { describeDbError } from '../core/store/db-errors.js';
import { jobs, type JobContext } from '../core/jobs/jobs.js';
import { ImportCancelled, ImportRefused } from '../core/import/errors.js';
import { BatchNotFound } from '../core/import/undo.js';
import { sampleJobs, SampleAlreadyLoaded } from '../sample-data/first-run.js';

interface Start {
  dbPath: string;
  job: string;
  args: unknown;
}

type Job = (c: JobContext, a: unknown) => Promise<unknown>;
const allJobs: Record<string, Job> = { ...(jobs as Record<string, Job>), ...(sampleJobs as unknown as Record<string, Job>) };

function errorCode(e: unknown): string {
  if (e instanceof ImportRefused || e instanceof SampleAlreadyLoaded) return 'refused';
  if (e instanceof ImportCancelled) return 'cancelled';
  if (e instanceof BatchNotFound) return 'not-found';
  return 'internal';
}

async function main(): Promise<void> {
  const port = parentPort!;
  const { dbPath, job, args } = workerData as Start;
  const controller = new AbortController();
  port.on('message', (m: { type: string }) => {
    if (m.type === 'cancel') controller.abort();
  });
  let lastSent = 0;
  let outcome: { type: 'done'; result: unknown } | { type: 'error'; code: string; message: string };
  let db: ReturnType<typeof openDb> | undefined;
  try {
    db = openDb(dbPath);
    const ctx: JobContext = {
      db,
      signal: controller.signal,
      progress(phase, done, total, message) {
        const now = Date.now();
        if (now - lastSent < 100 && total !== null && done < total) return; // at most ~10 a second
        lastSent = now;
        port.postMessage({ type: 'progress', phase, done, total, message });
      },
    };
    const fn = allJobs[job];
    if (!fn) throw new Error(`unknown job ${job}`);
    outcome = { type: 'done', result: await fn(ctx, args) };
  } catch (e) {
    // Disk full, read-only, busy: one sentence that says what happened to the data, not SQLite's words.
    const fault = describeDbError(e, dbPath);
    outcome = fault
      ? { type: 'error', code: fault.fault === 'busy' ? 'busy' : 'refused', message: fault.message }
      : { type: 'error', code: errorCode(e), message: e instanceof Error ? e.message : String(e) };
  } finally {
    db?.close();
  }
  port.postMessage(outcome);
  port.close(); // nothing else keeps the thread alive: it ends
}

void main();

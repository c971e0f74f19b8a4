/**
 * Worker thread that runs one database job (import, preview, undo, training,
 * the sample shop …) on its own SQLite connection and reports progress to the
 * thread that started it. A 'cancel' message aborts the job at its next check;
 * an import then rolls back, a training run is recorded as cancelled.
 * When the job is done the thread closes its port and ends.
 *
 * This is the one module that joins the core's jobs with the sample shop's
 * (sample-data/ sits above the core: it generates files and imports them).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../core/store/db.js';
import { describeDbError } from '../core/store/db-errors.js';
import { coreJobs, type JobContext, type JobImplementations, type JobName, type JobArgs, type JobResult } from '../core/jobs/jobs.js';
import { readJobStart, type FromWorker, type ToWorker } from '../core/jobs/protocol.js';
import { ImportCancelled, ImportRefused } from '../core/import/errors.js';
import { BatchNotFound } from '../core/import/undo.js';
import { TrainingCancelled } from '../core/models/runtime.js';
import { sampleJobs, SampleAlreadyLoaded } from '../sample-data/first-run.js';

const implementations: JobImplementations = { ...coreJobs, ...sampleJobs };

function errorCode(e: unknown): Extract<FromWorker, { type: 'error' }>['code'] {
  if (e instanceof ImportRefused || e instanceof SampleAlreadyLoaded) return 'refused';
  if (e instanceof ImportCancelled || e instanceof TrainingCancelled) return 'cancelled';
  if (e instanceof BatchNotFound) return 'not-found';
  return 'internal';
}

function run<J extends JobName>(impl: JobImplementations, job: J, ctx: JobContext, args: JobArgs<J>): Promise<JobResult<J>> {
  const fn: JobImplementations[J] = impl[job];
  return fn(ctx, args);
}

async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const { dbPath, job, args } = readJobStart(workerData);
  const send = (m: FromWorker) => port.postMessage(m);
  const controller = new AbortController();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') controller.abort();
  });
  let lastSent = 0;
  let outcome: FromWorker;
  let db: ReturnType<typeof openDb> | undefined;
  try {
    db = openDb(dbPath);
    const ctx: JobContext = {
      db,
      signal: controller.signal,
      progress(phase, done, total, message) {
        // Byte and row counters are cut to about ten a second. Counted steps (a report's sections,
        // training's phases: a total of 100 or fewer) always go through, each names what runs now;
        // dropping them made a fast machine skip straight from the first step to the last.
        const now = Date.now();
        if (total !== null && total > 100 && done < total && now - lastSent < 100) return;
        lastSent = now;
        send({ type: 'progress', phase, done, total, message });
      },
    };
    outcome = { type: 'done', result: await run(implementations, job, ctx, args) };
  } catch (e) {
    // Disk full, read-only, busy: one sentence that says what happened to the data, not SQLite's words.
    const fault = describeDbError(e, dbPath);
    outcome = fault
      ? { type: 'error', code: fault.fault === 'busy' ? 'busy' : 'refused', message: fault.message }
      : { type: 'error', code: errorCode(e), message: e instanceof Error ? e.message : String(e) };
  } finally {
    db?.close();
  }
  send(outcome);
  port.close(); // nothing else keeps the thread alive: it ends
}

if (parentPort) void main(parentPort);

/**
 * Starting the reading thread of a large import (workers/parse-worker.ts).
 * Kept apart from the reader's code so that a host can start the thread before
 * it loads anything else: the thread then loads its code while the host opens
 * the database and plans the import. Depends on node:worker_threads only.
 */
import { Worker } from 'node:worker_threads';

const WORKER_URL = new URL('../../workers/parse-worker.js', import.meta.url);
/** Below this size a thread costs more to start than it saves. */
export const THREAD_MIN_BYTES = 4 << 20;

/** A thread started ahead of need; every thread waits for its plan in a message. */
let spare: Worker | null = null;

/** Starts a reading thread now, for the next large file; until it is taken it does not keep the process alive. */
export function prestartReader(): void {
  if (spare) return;
  // The reader holds at most a few batches: a small heap keeps its memory flat (V8 otherwise grows lazily).
  const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: 256 } });
  worker.unref();
  // A thread that fails or stops before it is taken is not handed out.
  const forget = () => {
    if (spare === worker) spare = null;
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  spare = worker;
}

/** The thread prestartReader started, if any, now kept alive by its caller's use; send it its plan. */
export function takeSpareReader(): Worker | null {
  const worker = spare;
  spare = null;
  worker?.ref();
  return worker;
}

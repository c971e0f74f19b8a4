import { ImportRefused } from './errors.js';
import { produce, type ProducerMessage, type ReadPlan } from './produce.js';
import { prestartReader, THREAD_MIN_BYTES, takeSpareReader } from './reader-thread.js';

/**
 * The producer's messages, from a worker thread for a large file or inline for
 * a small one. Breaking out of the loop stops the worker.
 */
export async function* readFile(plan: ReadPlan, size: number): AsyncGenerator<ProducerMessage> {
  if (size < THREAD_MIN_BYTES) {
    yield* produce(plan);
    return;
  }
  prestartReader(); // unless the caller already did
  const worker = takeSpareReader()!;
  worker.postMessage({ type: 'plan', plan });
  const queue: Array<ProducerMessage | { type: 'error'; refused: boolean; message: string } | { type: 'exit'; code: number }> = [];
  let wake: (() => void) | null = null;
  const push = (m: (typeof queue)[number]) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', push);
  worker.on('error', (e) => push({ type: 'error', refused: false, message: e.message }));
  worker.on('exit', (code) => push({ type: 'exit', code }));
  try {
    for (;;) {
      while (!queue.length) await new Promise<void>((r) => (wake = r));
      const m = queue.shift()!;
      if (m.type === 'error') throw m.refused ? new ImportRefused(m.message) : new Error(m.message);
      if (m.type === 'exit') throw new Error(`the reading thread stopped early (exit code ${m.code})`);
      worker.postMessage({ type: 'ack' });
      yield m;
      if (m.type === 'end') return;
    }
  } finally {
    await worker.terminate();
  }
}

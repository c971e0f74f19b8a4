/**
 * Worker thread for the reading half of a large import (core/import/produce.ts):
 * it parses while the importing thread writes. At most a few batches are in
 * flight, so memory stays bounded whatever the file size.
 */
import { parentPort } from 'node:worker_threads';
import { produce, type ReadPlan } from '../core/import/produce.js';
import { ImportRefused } from '../core/import/errors.js';

const MAX_IN_FLIGHT = 4;
let inFlight = 0;
let wake: (() => void) | null = null;
/** The plan comes in the first message: the thread may be started before it is known (see reader-thread.ts). */
let planned: ((plan: ReadPlan) => void) | null = null;
parentPort!.on('message', (m: { type: string; plan?: ReadPlan }) => {
  if (m.type === 'ack') {
    inFlight--;
    wake?.();
    wake = null;
  } else if (m.type === 'plan') planned?.(m.plan!);
});

async function main(): Promise<void> {
  try {
    const plan = await new Promise<ReadPlan>((r) => (planned = r));
    for await (const msg of produce(plan)) {
      if (msg.type === 'lines') {
        const s = msg.summaries;
        const buffers = [msg.nums, ...(s ? [s.daily, s.products, s.customers, s.hourly] : [])].map((a) => a.buffer as ArrayBuffer);
        parentPort!.postMessage(msg, buffers);
      } else parentPort!.postMessage(msg);
      inFlight++;
      while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
    }
  } catch (e) {
    parentPort!.postMessage({ type: 'error', refused: e instanceof ImportRefused, message: e instanceof Error ? e.message : String(e) });
  }
}

void main();

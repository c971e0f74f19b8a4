import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { sampleInputs, SampleOutputs } from '../../common/api-sample.js';
import { hasSampleData, loadSampleShop, removeSampleData, SampleAlreadyLoaded } from '../../sample-data/first-run.js';
import { ImportCancelled, ImportRefused } from '../import/errors.js';
import { runJob } from '../jobs/runner.js';
import { ApiError, type ApiContext } from './context.js';

type Inputs = typeof sampleInputs;

/**
 * Runs a sample job in a worker thread (like imports) when the worker knows it;
 * until core/jobs/register.ts registers `sampleJobs` from sample-data/first-run.ts,
 * the worker answers "unknown job" and the work runs here, on the host's
 * connection (the generator and the importer both yield between chunks).
 */
async function inWorkerOrHere<T>(ctx: ApiContext, job: 'sampleLoad' | 'sampleRemove', taskId: string, here: () => Promise<T>): Promise<T> {
  try {
    return await runJob<T>(ctx.dbPath, job, {}, { taskId, onProgress: ctx.emitProgress });
  } catch (e) {
    if (e instanceof ApiError && e.message === `unknown job ${job}`) return here();
    throw e;
  }
}

export const sampleHandlers: {
  [M in keyof Inputs & keyof SampleOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<SampleOutputs[M]> | SampleOutputs[M];
} = {
  sampleLoad: async (input, ctx) => {
    if (hasSampleData(ctx.db)) throw new ApiError('refused', new SampleAlreadyLoaded().message);
    const taskId = input.taskId ?? `sample-${randomBytes(6).toString('hex')}`;
    return inWorkerOrHere(ctx, 'sampleLoad', taskId, async () => {
      try {
        return await loadSampleShop(ctx.db, { onProgress: (p) => ctx.emitProgress({ taskId, ...p }) });
      } catch (e) {
        if (e instanceof ImportRefused) throw new ApiError('refused', e.message);
        if (e instanceof ImportCancelled) throw new ApiError('cancelled', e.message);
        throw e;
      }
    });
  },
  sampleRemove: async (_input, ctx) =>
    inWorkerOrHere(ctx, 'sampleRemove', `sample-${randomBytes(6).toString('hex')}`, async () => ({ batchesRemoved: removeSampleData(ctx.db).batchesRemoved })),
};

import type { z } from 'zod';
import type { sampleInputs, SampleOutputs } from '../../common/api-sample.js';
import { runJob } from '../jobs/runner.js';
import { hasSampleData } from '../import/batches.js';
import { ApiError, type ApiContext } from './context.js';

type Inputs = typeof sampleInputs;

const ALREADY = 'the sample shop is already loaded (remove it first to load it again)';
/** Databases with a sample load in flight: a second click must not start a second shop. */
const loading = new Set<string>();

/** The sample shop loads and goes away in a worker thread (workers/db-worker.ts runs sample-data/first-run.ts). */
export const sampleHandlers: {
  [M in keyof Inputs & keyof SampleOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<SampleOutputs[M]> | SampleOutputs[M];
} = {
  sampleLoad: async (input, ctx) => {
    if (loading.has(ctx.dbPath)) throw new ApiError('refused', 'the sample shop is already loading');
    if (hasSampleData(ctx.db)) throw new ApiError('refused', ALREADY);
    loading.add(ctx.dbPath);
    try {
      const result = await runJob(ctx.dbPath, 'sampleLoad', {}, { taskId: input.taskId, onProgress: ctx.emitProgress });
      ctx.training?.dataChanged('sample shop loaded');
      return result;
    } finally {
      loading.delete(ctx.dbPath);
    }
  },
  sampleRemove: async (_input, ctx) => {
    if (loading.has(ctx.dbPath)) throw new ApiError('refused', 'the sample shop is still loading; remove it when it is done');
    const result = await runJob(ctx.dbPath, 'sampleRemove', {}, { onProgress: ctx.emitProgress });
    ctx.training?.dataChanged('sample shop removed');
    return result;
  },
};

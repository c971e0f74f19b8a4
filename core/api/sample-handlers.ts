import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { sampleInputs, SampleOutputs } from '../../common/api-sample.js';
import { hasSampleData, loadSampleShop, removeSampleData, SampleAlreadyLoaded } from '../../sample-data/first-run.js';
import { ImportCancelled, ImportRefused } from '../import/errors.js';
import { ApiError, type ApiContext } from './context.js';

type Inputs = typeof sampleInputs;

/**
 * The sample shop runs on the host's own connection: the generator yields to
 * the event loop every few simulated days and the importer between 1 MiB
 * chunks, so the host stays responsive. (To run it in a worker thread instead,
 * register `sampleJobs` from sample-data/first-run.ts in core/jobs/register.ts
 * and call runJob here.)
 */
export const sampleHandlers: {
  [M in keyof Inputs & keyof SampleOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<SampleOutputs[M]> | SampleOutputs[M];
} = {
  sampleLoad: async (input, ctx) => {
    if (hasSampleData(ctx.db)) throw new ApiError('refused', new SampleAlreadyLoaded().message);
    const taskId = input.taskId ?? `sample-${randomBytes(6).toString('hex')}`;
    try {
      return await loadSampleShop(ctx.db, { onProgress: (p) => ctx.emitProgress({ taskId, ...p }) });
    } catch (e) {
      if (e instanceof ImportRefused || e instanceof SampleAlreadyLoaded) throw new ApiError('refused', e.message);
      if (e instanceof ImportCancelled) throw new ApiError('cancelled', e.message);
      throw e;
    }
  },
  sampleRemove: (_input, ctx) => ({ batchesRemoved: removeSampleData(ctx.db).batchesRemoved }),
};

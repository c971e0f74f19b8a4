import type { z } from 'zod';
import type { modelInputs, ModelOutputs } from '../../common/api-models.js';
import { modelSpecs } from '../models/kinds.js';
import { currentDataVersion, latestGoodRun, listRuns, staleKinds } from '../models/registry.js';
import { runJob } from '../jobs/runner.js';
import { ApiError, type ApiContext } from './context.js';

type Inputs = typeof modelInputs;

/** The model runtime's methods: train on demand, the runs, what serves. */
export const modelHandlers: {
  [M in keyof Inputs & keyof ModelOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<ModelOutputs[M]> | ModelOutputs[M];
} = {
  train: async (i, ctx) => {
    const unknown = (i.kinds ?? []).filter((k) => !modelSpecs.some((s) => s.kind === k));
    if (unknown.length) throw new ApiError('bad-input', `there is no model called ${unknown.join(', ')}`);
    if (!ctx.training) return runJob(ctx.dbPath, 'train', { kinds: i.kinds, reason: 'retrain' }, { taskId: i.taskId, onProgress: ctx.emitProgress });
    const result = await ctx.training.trainNow('retrain', i.taskId);
    if (!result) throw new ApiError('cancelled', 'the training was cancelled');
    return result;
  },
  modelRuns: (i, ctx) => listRuns(ctx.db, { kind: i.kind, limit: i.limit }),
  modelStatus: (_i, ctx) => {
    const kinds = modelSpecs.map((s) => ({ kind: s.kind, title: s.title }));
    return {
      training: ctx.training?.training ?? null,
      dataVersion: currentDataVersion(ctx.db),
      stale: staleKinds(
        ctx.db,
        kinds.map((k) => k.kind),
      ),
      kinds,
      latest: Object.fromEntries(kinds.map((k) => [k.kind, latestGoodRun(ctx.db, k.kind) ?? null])),
    };
  },
};

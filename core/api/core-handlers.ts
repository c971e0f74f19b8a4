import type { z } from 'zod';
import type { ApiOutputs } from '../../common/api.js';
import { kpis } from '../analytics/kpis.js';
import { reconciliation } from '../analytics/reconciliation.js';
import { listBatches, status } from '../analytics/status.js';
import { rejectedRows } from '../import/batches.js';
import { cancelJob, runJob } from '../jobs/runner.js';
import { ApiError, type ApiContext } from './context.js';
import { discardUpload, uploadedFile } from './uploads.js';
import type { coreInputsForHandlers } from '../../common/api.js';

type Inputs = typeof coreInputsForHandlers;
type Handlers = { [M in keyof Inputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<ApiOutputs[M]> | ApiOutputs[M] };

export const coreHandlers: Handlers = {
  status: (_i, ctx) => status(ctx.db, ctx.dbPath),
  kpis: (i, ctx) => kpis(ctx.db, i),
  batches: (_i, ctx) => listBatches(ctx.db),
  rejects: (i, ctx) => rejectedRows(ctx.db, i.batchId, i.limit),
  reconciliation: (i, ctx) => {
    const r = reconciliation(ctx.db, Number(i.batchId));
    if (!r) throw new ApiError('not-found', `there is no import batch ${i.batchId}`);
    return r;
  },
  undo: async (i, ctx) => {
    const result = await runJob(ctx.dbPath, 'undo', { batchId: i.batchId }, { onProgress: ctx.emitProgress });
    ctx.training?.dataChanged('undo');
    return result;
  },
  importPreview: async (i, ctx) => {
    const { filePath, fileName } = uploadedFile(ctx.uploadDir, i.uploadId);
    return runJob(ctx.dbPath, 'preview', { filePath, displayName: fileName, options: i.options }, { taskId: i.taskId, onProgress: ctx.emitProgress });
  },
  importCommit: async (i, ctx) => {
    const { filePath, fileName } = uploadedFile(ctx.uploadDir, i.uploadId);
    const result = await runJob(
      ctx.dbPath,
      'import',
      { filePath, displayName: fileName, options: i.options },
      { taskId: i.taskId, onProgress: ctx.emitProgress },
    );
    discardUpload(ctx.uploadDir, i.uploadId);
    ctx.training?.dataChanged('import');
    return result;
  },
  cancelTask: (i) => {
    if (!i.taskId) throw new ApiError('bad-input', 'no task id');
    return { cancelled: cancelJob(i.taskId) };
  },
};

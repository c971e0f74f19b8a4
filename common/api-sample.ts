/** API methods for the sample shop (first run). */
import { z } from 'zod';
import type { ImportBatchResult } from './api-records.js';

export const sampleInputs = {
  /** Generates the sample shop and imports it as sample data; progress is reported under taskId. */
  sampleLoad: z.object({ taskId: z.string().optional() }),
  /** Undoes every sample batch; the owner's own imports stay. */
  sampleRemove: z.object({}),
} as const satisfies Record<string, z.ZodType>;

export interface SampleOutputs {
  sampleLoad: { batches: ImportBatchResult[] };
  sampleRemove: { batchesRemoved: number };
}

/** API methods for the sample shop (first run). */
import { z } from 'zod';

export const sampleInputs = {} as const satisfies Record<string, z.ZodType>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SampleOutputs {}

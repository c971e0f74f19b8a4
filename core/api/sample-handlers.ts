import type { z } from 'zod';
import type { sampleInputs, SampleOutputs } from '../../common/api-sample.js';
import type { ApiContext } from './context.js';

type Inputs = typeof sampleInputs;
export const sampleHandlers: {
  [M in keyof Inputs & keyof SampleOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<SampleOutputs[M]> | SampleOutputs[M];
} = {};

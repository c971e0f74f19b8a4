import type { z } from 'zod';
import type { dashboardInputs, DashboardOutputs } from '../../common/api-dashboards.js';
import type { ApiContext } from './context.js';

type Inputs = typeof dashboardInputs;
export const dashboardHandlers: {
  [M in keyof Inputs & keyof DashboardOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<DashboardOutputs[M]> | DashboardOutputs[M];
} = {};

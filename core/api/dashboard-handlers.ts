import type { z } from 'zod';
import type { dashboardInputs, DashboardOutputs } from '../../common/api-dashboards.js';
import { customersDashboard } from '../analytics/customers.js';
import { executiveDashboard } from '../analytics/executive.js';
import { inventoryDashboard } from '../analytics/inventory.js';
import { dashboardMeta } from '../analytics/meta.js';
import { operationsDashboard } from '../analytics/operations.js';
import { dataQuality } from '../analytics/quality.js';
import type { ApiContext } from './context.js';

type Inputs = typeof dashboardInputs;
export const dashboardHandlers: {
  [M in keyof Inputs & keyof DashboardOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<DashboardOutputs[M]> | DashboardOutputs[M];
} = {
  dashboardMeta: (_input, ctx) => dashboardMeta(ctx.db),
  executiveDashboard: (input, ctx) => executiveDashboard(ctx.db, input),
  operationsDashboard: (input, ctx) => operationsDashboard(ctx.db, input),
  inventoryDashboard: (input, ctx) => inventoryDashboard(ctx.db, input),
  customersDashboard: (_input, ctx) => customersDashboard(ctx.db),
  dataQuality: (_input, ctx) => dataQuality(ctx.db),
};

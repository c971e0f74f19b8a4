/** API methods the dashboards read (filled in by the dashboards work). */
import { z } from 'zod';

export const dashboardInputs = {} as const satisfies Record<string, z.ZodType>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DashboardOutputs {}

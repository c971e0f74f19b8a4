import type { z } from 'zod';
import type { dashboardInputs, DashboardOutputs } from '../../common/api-dashboards.js';
import { isCached, isMonthCached, memo, monthTotals } from '../analytics/cache.js';
import { addMonths, dataRange } from '../analytics/periods.js';
import { customersDashboard } from '../analytics/customers.js';
import { executiveDashboard } from '../analytics/executive.js';
import { inventoryDashboard } from '../analytics/inventory.js';
import { dashboardMeta } from '../analytics/meta.js';
import { operationsDashboard } from '../analytics/operations.js';
import { dataQuality } from '../analytics/quality.js';
import type { Db } from '../store/db.js';
import type { ApiContext } from './context.js';

type Inputs = typeof dashboardInputs;

/** Inputs with their defaults filled in, so equal requests share one cached result. */
const inventoryInput = (i: { safetyDays?: number | undefined; defaultLeadTimeDays?: number | undefined }) => ({
  safetyDays: i.safetyDays ?? 7,
  defaultLeadTimeDays: i.defaultLeadTimeDays ?? 7,
});
const views = {
  executive: (db: Db, i: z.output<Inputs['executiveDashboard']>) =>
    memo(db, `executive:${JSON.stringify([i.period, i.anchor, i.from, i.to])}`, () => executiveDashboard(db, i)),
  operations: (db: Db, i: z.output<Inputs['operationsDashboard']>) => memo(db, `operations:${i.date ?? ''}`, () => operationsDashboard(db, i)),
  inventory: (db: Db, i: z.output<Inputs['inventoryDashboard']>) => {
    const n = inventoryInput(i);
    return memo(db, `inventory:${n.safetyDays}:${n.defaultLeadTimeDays}`, () => inventoryDashboard(db, n));
  },
  customers: (db: Db) => memo(db, 'customers', () => customersDashboard(db)),
  quality: (db: Db) => memo(db, 'quality', () => dataQuality(db)),
};

/**
 * After the shell's first call on new data, the other dashboards' default views
 * are computed in the background, one per turn of the event loop, so switching
 * pages is instant. Stops as soon as the data changes again.
 */
const warming = new WeakSet<Db>();
function warmUp(db: Db): void {
  if (warming.has(db)) return;
  const jobs: Array<[string, () => unknown]> = [
    ['executive:["month",null,null,null]', () => views.executive(db, { period: 'month' })],
    ['operations:', () => views.operations(db, {})],
    ['customers', () => views.customers(db)],
    ['inventory:7:7', () => views.inventory(db, {})],
    ['quality', () => views.quality(db)],
  ];
  // Then the monthly product roll-ups of the last two years (quarter and year views, ABC).
  const last = dataRange(db)?.last;
  if (last) {
    for (let k = 1; k <= 24; k++) {
      const month = addMonths(`${last.slice(0, 7)}-01`, -k).slice(0, 7);
      jobs.push([`month:${month}`, () => !isMonthCached(db, month) && monthTotals(db, month)]);
    }
  }
  warming.add(db);
  const next = () => {
    const job = jobs.shift();
    if (!job) return warming.delete(db);
    try {
      if (!isCached(db, job[0])) job[1]();
    } catch {
      // A view that fails here fails again, with its message, when asked for.
    }
    setTimeout(next, 0).unref?.();
  };
  setTimeout(next, 0).unref?.();
}

export const dashboardHandlers: {
  [M in keyof Inputs & keyof DashboardOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => Promise<DashboardOutputs[M]> | DashboardOutputs[M];
} = {
  dashboardMeta: (_input, ctx) => {
    const meta = dashboardMeta(ctx.db);
    if (meta.hasSales) warmUp(ctx.db);
    return meta;
  },
  executiveDashboard: (input, ctx) => views.executive(ctx.db, input),
  operationsDashboard: (input, ctx) => views.operations(ctx.db, input),
  inventoryDashboard: (input, ctx) => views.inventory(ctx.db, input),
  customersDashboard: (_input, ctx) => views.customers(ctx.db),
  dataQuality: (_input, ctx) => views.quality(ctx.db),
};

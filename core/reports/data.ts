/**
 * The report's figures, all from core/analytics (the same functions the
 * dashboards use, so paper and screen agree): no SQL here.
 */
import type { CustomersDashboard, DataQuality, ExecutiveDashboard, InventoryDashboard } from '../../common/api-dashboards.js';
import type { BatchInfo, Kpis } from '../../common/api.js';
import { customersDashboard } from '../analytics/customers.js';
import { executiveDashboard } from '../analytics/executive.js';
import { inventoryDashboard } from '../analytics/inventory.js';
import { kpis } from '../analytics/kpis.js';
import { addDays, addMonths, dataRange } from '../analytics/periods.js';
import { productRanking, type ProductRanking } from '../analytics/products.js';
import { dataQuality } from '../analytics/quality.js';
import { listBatches } from '../analytics/status.js';
import type { Db } from '../store/db.js';
import { modelSections, type ModelSections } from './model-sections.js';
import type { ResolvedOptions } from './options.js';

export interface MonthRow {
  month: string;
  from: string;
  to: string;
  current: Kpis;
  /** The same month a year before, when the data covers it. */
  lastYear: Kpis | null;
}

export interface ReportData {
  options: ResolvedOptions;
  dataFirst: string;
  dataLast: string;
  executive: ExecutiveDashboard;
  months: MonthRow[];
  products: ProductRanking;
  customers: CustomersDashboard | null;
  inventory: InventoryDashboard | null;
  quality: DataQuality | null;
  batches: BatchInfo[];
  models: ModelSections;
}

export function reportData(db: Db, options: ResolvedOptions): ReportData {
  const range = dataRange(db)!;
  const executive = executiveDashboard(db, { period: 'custom', from: options.from, to: options.to });
  const want = new Set(options.sections);
  return {
    options,
    dataFirst: range.first,
    dataLast: range.last,
    executive,
    months: want.has('trend') ? monthRows(db, options.from, options.to, range.first) : [],
    products: productRanking(db, options.from, options.to, 10),
    // Each dashboard only when its section is printed (the customers one costs a tenth of a second on a year).
    customers: want.has('customers') ? customersDashboard(db) : null,
    inventory: want.has('stock') ? inventoryDashboard(db, { safetyDays: 7, defaultLeadTimeDays: 7 }) : null,
    quality: want.has('quality') ? dataQuality(db) : null,
    batches: want.has('quality') ? listBatches(db) : [],
    models: modelSections(db, { from: options.from, to: options.to }),
  };
}

/** The period month by month (its first and last months cut to the period), each against the same days a year before. */
function monthRows(db: Db, from: string, to: string, first: string): MonthRow[] {
  const rows: MonthRow[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m <= to; m = addMonths(m, 1)) {
    const start = m < from ? from : m;
    const monthEnd = addDays(addMonths(m, 1), -1);
    const end = monthEnd > to ? to : monthEnd;
    const lyFrom = addMonths(start, -12);
    rows.push({
      month: m.slice(0, 7),
      from: start,
      to: end,
      current: kpis(db, { from: start, to: end }),
      lastYear: lyFrom >= first ? kpis(db, { from: lyFrom, to: addMonths(end, -12) }) : null,
    });
  }
  return rows;
}

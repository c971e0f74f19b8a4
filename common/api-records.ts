/**
 * Records that several parts of the API contract use (the core's import results,
 * the headline figures): here, so api.ts and the feature contracts beside it
 * (api-dashboards.ts, api-sample.ts, …) import them without importing each other.
 */

export interface RejectedRow {
  line: number;
  reason: string;
  raw?: string;
}

export interface ImportBatchResult {
  batchId: string;
  file: string;
  profile: string;
  profileName: string;
  sourceKind: 'sales' | 'products' | 'stock';
  encoding: string;
  delimiter: string;
  dateOrder: string | null;
  rowsRead: number;
  rowsImported: number;
  rowsDuplicate: number;
  rowsRejected: number;
  /** Lines kept but not counted (voided or cancelled receipts that never were sales). */
  rowsNotCounted: number;
  rejected: RejectedRow[];
  minDate: string | null;
  maxDate: string | null;
}

/**
 * Headline figures of a period, as the POS vendors define them (README, "The figures"):
 * net sales = gross sales − discounts − returns, of goods only; shipping, tips,
 * fees and adjustments are counted apart (nonProduct), taxes too.
 */
export interface Kpis {
  from: string | null;
  to: string | null;
  netSales: number;
  grossSales: number;
  discounts: number;
  returns: number;
  /** Non-product lines (shipping, tips, fees, adjustments) in all: not part of net sales. */
  nonProductSales: number;
  nonProduct: { shipping: number; tips: number; fees: number; adjustments: number };
  /** Tax collected; null when no line of the period carries a tax (the file had no tax column). */
  tax: number | null;
  /** What customers paid in all (tax, tips, fees in), where the exports say it; null when none does. */
  totalCollected: number | null;
  orders: number;
  customers: number;
  units: number;
  avgOrderValue: number;
  /** Net sales less cost of goods, where costs are known; null when no cost is known. */
  grossMargin: number | null;
}

/** What the anomaly model reads, and what it finds. Plain data: typed arrays and strings. */

export type AnomalyScopeKind = 'total' | 'product' | 'refunds' | 'line';
/** 'total', 'product:SKU', 'refunds' or 'line', as the CLI prints it. */
export type AnomalyScope = 'total' | `product:${string}` | 'refunds' | 'line';
export type Direction = 'spike' | 'drop';

/**
 * The shop's history, one entry per calendar day from `dates[0]` to the last
 * date (days without sales included, with zeros), plus the products' days and
 * the single sales lines.
 */
export interface AnomalyData {
  /** ISO 4217 code for the sentences (null: amounts without a symbol). */
  currency: string | null;
  /** Calendar days, ISO, consecutive. */
  dates: string[];
  /** Public holidays (ISO) in the period, for the context features. */
  holidays: string[];
  days: {
    net: Float64Array;
    orders: Float64Array;
    /** Refunds and cancellations, as a positive amount. */
    returns: Float64Array;
    /** Counted lines: 0 means the shop did not trade that day. */
    lines: Float64Array;
    /** Net of the day's three largest orders, largest first (0 when fewer). */
    topOrders: Float64Array;
  };
  products: Array<{ sku: string | null; name: string }>;
  /** One entry per product and day with a row in the summaries. */
  productDays: {
    day: Int32Array;
    product: Int32Array;
    units: Float64Array;
    net: Float64Array;
    returns: Float64Array;
    orders: Float64Array;
    /** Refund and cancellation lines of the product that day. */
    refundLines: Float64Array;
  };
  /** Counted product sale lines with a positive quantity. */
  lines: {
    day: Int32Array;
    product: Int32Array;
    quantity: Float64Array;
    unitPrice: Float64Array;
    /** Index into `receipts`, −1 when the line has no receipt. */
    receipt: Int32Array;
  };
  receipts: string[];
  /**
   * Net sales the forecast expected of each calendar day (the served model's
   * one-step-ahead fitted values, stored with the latest good forecast run),
   * NaN where it has none (its warm-up, days after its data): the shop's day
   * is judged against it, and against the seasonal baseline where it is NaN or
   * when there is no forecast run at all.
   */
  expected?: Float64Array;
  /** Where `expected` came from: the forecast run read (null: none has run yet), the days it gave, whether it saw the data as it is now. */
  expectedFrom?: { forecastRun: number | null; days: number; sawCurrentData: boolean };
}

export interface Anomaly {
  date: string;
  scope: AnomalyScope;
  /** What in the scope: '' for the whole day, a SKU (or product name) for a product's refunds, product and receipt for a line. */
  subject: string;
  score: number;
  expected: number;
  actual: number;
  direction: Direction;
  explanation: string;
}

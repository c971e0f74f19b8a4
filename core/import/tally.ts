/**
 * What an import counts for the reconciliation (core/analytics/reconciliation.ts):
 * the file's own amounts as written, and where each part of them went. The
 * reading thread fills a FileTally; the writer adds the duplicates it skipped;
 * both are kept with the batch (import_batches.reconciliation_json).
 *
 * The amounts balance by construction, for each of net, tax and collected:
 *
 *   counted = written − rejected − voided − duplicates + signs + derived
 *
 * where `counted` is the sum over the batch's counted lines in sales_lines.
 */
export interface Amounts {
  net: number;
  tax: number;
  collected: number;
}

export interface TotalsRow {
  line: number;
  net: number | null;
  tax: number | null;
  collected: number | null;
  quantity: number | null;
}

export interface FileTally {
  /** Σ as written over every data row: lines read, voided rows, and rejected rows whose amounts can be read. Totals rows apart. */
  written: Amounts;
  /** Rows not read (totals rows not among them). `unreadable`: rows whose amount could not be read either. */
  rejected: { rows: number; unreadable: number; amounts: Amounts };
  /** Voided and cancelled rows: kept, never counted. */
  voided: { rows: number; amounts: Amounts };
  /** Counted lines: Tillsight's amount less the file's (refunds written as positive amounts turn negative). */
  signs: Amounts;
  /** Counted lines made from an order's own columns (Shopify's shipping, a refunded order's refund lines). */
  derived: Amounts;
  /** The file's own totals rows ("Total,,,10,,5.50,27.50,137.50"). */
  totalsRows: TotalsRow[];
}

export interface DuplicateTally {
  rows: number;
  /** Tillsight's amounts of the counted lines skipped as already imported. */
  amounts: Amounts;
}

/** The record kept with a batch. */
export interface BatchTally {
  version: 1;
  file: FileTally;
  duplicates: DuplicateTally;
  /** How the file states each amount (column names), for the owner; null when the file has no such column. */
  sources: { net: string; tax: string | null; collected: string | null };
}

export const zeroAmounts = (): Amounts => ({ net: 0, tax: 0, collected: 0 });

export function emptyFileTally(): FileTally {
  return {
    written: zeroAmounts(),
    rejected: { rows: 0, unreadable: 0, amounts: zeroAmounts() },
    voided: { rows: 0, amounts: zeroAmounts() },
    signs: zeroAmounts(),
    derived: zeroAmounts(),
    totalsRows: [],
  };
}

export function addTo(a: Amounts, net: number, tax: number, collected: number): void {
  a.net += net;
  a.tax += tax;
  a.collected += collected;
}

/** Sums of many cents drift in binary: kept rounded to 1/1,000,000 once added up. */
export function rounded(a: Amounts): Amounts {
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  return { net: r(a.net), tax: r(a.tax), collected: r(a.collected) };
}

/** How a layout states each amount, in the file's own column names (mapping: field → header). */
export function amountSources(semantics: string, mapping: Record<string, string>): BatchTally['sources'] {
  const q = (field: string) => (mapping[field] ? `"${mapping[field]}"` : null);
  let net: string;
  if (semantics === 'shopify') net = `line items: ${q('quantity')} × ${q('unitPrice')}${q('discount') ? ` − ${q('discount')}` : ''}`;
  else if (q('net')) net = `the ${q('net')} column`;
  else if (q('gross')) net = `${q('gross')}${q('discount') ? ` − ${q('discount')}` : ''}`;
  else if (q('unitPrice')) net = `${q('quantity') ?? '1'} × ${q('unitPrice')}${q('discount') ? ` − ${q('discount')}` : ''}`;
  else net = 'the amount column';
  return {
    net,
    tax: q('tax') && (semantics === 'shopify' ? `the orders' ${q('tax')}` : `the ${q('tax')} column`),
    collected: q('collected') && (semantics === 'shopify' ? `the orders' ${q('collected')}` : `the ${q('collected')} column`),
  };
}

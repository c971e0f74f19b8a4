/**
 * Reconciliation of one import batch: what the file says against what
 * Tillsight counted, with every difference explained. The file's side is the
 * tally the import kept (core/import/tally.ts: the amounts as written, and
 * where each part went); Tillsight's side is read from the batch's own lines.
 * The steps add up by construction, so `unexplained` is 0 unless the batch's
 * lines were changed after the import.
 */
import type { Reconciliation, ReconciledFigure, ReconciliationStep } from '../../common/api.js';
import type { BatchTally, TotalsRow } from '../import/tally.js';
import type { Db } from '../store/db.js';
import { KIND } from '../store/kinds.js';
import { round2 as roundCents } from './kpis.js';

/** Cents, and no -0 (a sum of +x and -x) in what the owner reads. */
const round2 = (v: number): number => roundCents(v) + 0;

interface BatchRow {
  id: number;
  file_name: string;
  profile: string;
  source_kind: string;
  rows_read: number;
  rows_imported: number;
  rows_duplicate: number;
  rows_rejected: number;
  first_line_id: number | null;
  last_line_id: number | null;
  finished_at: string;
  reconciliation_json: string | null;
}

interface Counted {
  goods: number;
  shipping: number;
  tips: number;
  fees: number;
  nonProduct: number;
  tax: number | null;
  collected: number | null;
  notCountedRows: number;
}

/** The batch's counted lines, summed as the figures define them (README, "The figures"). */
function countedLines(db: Db, b: BatchRow): Counted {
  const none: Counted = { goods: 0, shipping: 0, tips: 0, fees: 0, nonProduct: 0, tax: null, collected: null, notCountedRows: 0 };
  if (b.first_line_id === null || b.last_line_id === null) return none;
  const r = db
    .prepare(
      `SELECT
        coalesce(sum(CASE WHEN l.kind <> ${KIND.void} AND p.is_product = 1 THEN l.net END), 0) AS goods,
        coalesce(sum(CASE WHEN l.kind <> ${KIND.void} AND p.is_product = 0 THEN l.net END), 0) AS nonProduct,
        coalesce(sum(CASE WHEN l.kind <> ${KIND.void} AND p.is_product = 0 AND p.non_product_kind = 'shipping' THEN l.net END), 0) AS shipping,
        coalesce(sum(CASE WHEN l.kind <> ${KIND.void} AND p.is_product = 0 AND p.non_product_kind = 'tip' THEN l.net END), 0) AS tips,
        coalesce(sum(CASE WHEN l.kind <> ${KIND.void} AND p.is_product = 0 AND p.non_product_kind = 'fee' THEN l.net END), 0) AS fees,
        sum(CASE WHEN l.kind <> ${KIND.void} THEN l.tax END) AS tax,
        sum(CASE WHEN l.kind <> ${KIND.void} THEN l.collected END) AS collected,
        count(DISTINCT CASE WHEN l.kind = ${KIND.void} THEN l.file_line END) AS notCountedRows
      FROM sales_lines l JOIN products p ON p.id = l.product_id
      WHERE l.id BETWEEN ? AND ?`,
    )
    .get(b.first_line_id, b.last_line_id) as Counted;
  return r;
}

const step = (id: ReconciliationStep['id'], reason: string, amount: number, rows: number | null = null): ReconciliationStep => ({
  id,
  reason,
  rows,
  amount: round2(amount),
});

/** The steps from the file's amount to what Tillsight counts, for one of net, tax, collected; steps of 0 left out. */
function fileSteps(t: BatchTally, m: 'net' | 'tax' | 'collected'): ReconciliationStep[] {
  const f = t.file;
  const unreadable = f.rejected.unreadable ? ` (${f.rejected.unreadable} without a readable amount)` : '';
  return [
    step('rejected', `rows not read${unreadable}: see "Rows that couldn't be read"`, -f.rejected.amounts[m], f.rejected.rows),
    step('voided', 'voided or cancelled rows: kept, never counted', -f.voided.amounts[m], f.voided.rows),
    step('duplicates', 'rows already imported by an earlier file: skipped as duplicates', -t.duplicates.amounts[m], t.duplicates.rows),
    step('signs', 'refunds the file writes as positive amounts: counted negative', f.signs[m]),
    step(
      'derived',
      "lines made from the file's other columns (an order's shipping, a payment's tip or service charge, a refunded order's refund)",
      f.derived[m],
    ),
  ].filter((s) => s.amount !== 0);
}

function totalsRowOf(rows: TotalsRow[], m: 'net' | 'tax' | 'collected'): ReconciledFigure['totalsRow'] {
  const row = rows.find((r) => r[m] !== null);
  return row ? { line: row.line, value: round2(row[m]!) } : null;
}

function figure(
  key: ReconciledFigure['key'],
  label: string,
  file: number | null,
  fileSource: string | null,
  totalsRow: ReconciledFigure['totalsRow'],
  steps: ReconciliationStep[],
  counted: number,
): ReconciledFigure {
  const explained = file === null ? null : round2(file + steps.reduce((a, s) => a + s.amount, 0));
  return {
    key,
    label,
    file: file === null ? null : round2(file),
    fileSource,
    totalsRow,
    steps,
    counted: round2(counted),
    unexplained: explained === null ? null : round2(counted - explained),
  };
}

/** The reconciliation of batch `batchId`, or undefined when there is no such batch. */
export function reconciliation(db: Db, batchId: number): Reconciliation | undefined {
  const b = db
    .prepare(
      `SELECT id, file_name, profile, source_kind, rows_read, rows_imported, rows_duplicate, rows_rejected, first_line_id, last_line_id,
      finished_at, reconciliation_json FROM import_batches WHERE id = ?`,
    )
    .get(batchId) as BatchRow | undefined;
  if (!b) return undefined;
  const t = b.reconciliation_json ? (JSON.parse(b.reconciliation_json) as BatchTally) : null;
  const c = countedLines(db, b);
  const base: Reconciliation = {
    batchId: String(b.id),
    file: b.file_name,
    profile: b.profile,
    importedAt: b.finished_at,
    rows: {
      read: b.rows_read,
      imported: b.rows_imported,
      duplicate: b.rows_duplicate,
      rejected: b.rows_rejected,
      notCounted: c.notCountedRows,
      totalsRows: t?.file.totalsRows.length ?? 0,
    },
    figures: [],
    nonProduct: { shipping: round2(c.shipping), tips: round2(c.tips), fees: round2(c.fees), adjustments: round2(c.nonProduct - c.shipping - c.tips - c.fees) },
    note: null,
  };
  if (b.source_kind !== 'sales') return { ...base, note: `a ${b.source_kind === 'products' ? 'product list' : 'stock file'} has no sales to reconcile` };
  if (!t) base.note = "imported before Tillsight kept the file's own amounts: only what was counted is shown";

  // Net sales: the file's amounts, less what is not counted, less the non-product lines shown apart.
  const nonProductSteps = [
    step('shipping', 'shipping: counted apart from net sales', -c.shipping),
    step('tips', 'tips: counted apart from net sales', -c.tips),
    step('fees', 'fees and service charges: counted apart from net sales', -c.fees),
    step('adjustments', 'adjustments (and other non-product lines): counted apart from net sales', -(c.nonProduct - c.shipping - c.tips - c.fees)),
  ].filter((s) => s.amount !== 0);
  base.figures.push(
    figure(
      'netSales',
      'Net sales',
      t ? t.file.written.net : null,
      t?.sources.net ?? null,
      t ? totalsRowOf(t.file.totalsRows, 'net') : null,
      [...(t ? fileSteps(t, 'net') : []), ...nonProductSteps],
      c.goods,
    ),
  );
  if ((t && t.sources.tax) || c.tax !== null) {
    base.figures.push(
      figure(
        'tax',
        'Tax',
        t?.sources.tax ? t.file.written.tax : null,
        t?.sources.tax ?? null,
        t ? totalsRowOf(t.file.totalsRows, 'tax') : null,
        t?.sources.tax ? fileSteps(t, 'tax') : [],
        c.tax ?? 0,
      ),
    );
  }
  if ((t && t.sources.collected) || c.collected !== null) {
    base.figures.push(
      figure(
        'totalCollected',
        'Total collected',
        t?.sources.collected ? t.file.written.collected : null,
        t?.sources.collected ?? null,
        t ? totalsRowOf(t.file.totalsRows, 'collected') : null,
        t?.sources.collected ? fileSteps(t, 'collected') : [],
        c.collected ?? 0,
      ),
    );
  }
  return base;
}

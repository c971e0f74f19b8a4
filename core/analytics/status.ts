import type { BatchInfo, Status } from '../../common/api.js';
import type { Db } from '../store/db.js';

export function listBatches(db: Db): BatchInfo[] {
  const rows = db
    .prepare(
      `SELECT id, file_name, profile, source_kind, is_sample, rows_read, rows_imported, rows_duplicate, rows_rejected,
      min_date, max_date, finished_at FROM import_batches ORDER BY id`,
    )
    .all() as Array<{
    id: number;
    file_name: string;
    profile: string;
    source_kind: string;
    is_sample: number;
    rows_read: number;
    rows_imported: number;
    rows_duplicate: number;
    rows_rejected: number;
    min_date: string | null;
    max_date: string | null;
    finished_at: string;
  }>;
  return rows.map((r) => ({
    batchId: String(r.id),
    file: r.file_name,
    profile: r.profile,
    sourceKind: r.source_kind,
    isSample: r.is_sample === 1,
    rowsRead: r.rows_read,
    rowsImported: r.rows_imported,
    rowsDuplicate: r.rows_duplicate,
    rowsRejected: r.rows_rejected,
    minDate: r.min_date,
    maxDate: r.max_date,
    importedAt: r.finished_at,
  }));
}

/** What the database holds. */
export function status(db: Db, dbPath: string): Status {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
  const range = db.prepare('SELECT min(date) AS first, max(date) AS last FROM daily_summary').get() as { first: string | null; last: string | null };
  const batches = listBatches(db);
  return {
    // A batch's lines are its contiguous id range: no count(*) over millions of lines.
    lines: one('SELECT sum(last_line_id - first_line_id + 1) AS n FROM import_batches WHERE first_line_id IS NOT NULL'),
    orders: one('SELECT sum(orders) AS n FROM daily_summary'),
    customers: one('SELECT count(*) AS n FROM customers'),
    products: one('SELECT count(*) AS n FROM products WHERE is_product = 1'),
    firstDate: range.first,
    lastDate: range.last,
    batches,
    hasSampleData: batches.some((b) => b.isSample),
    dbPath,
  };
}

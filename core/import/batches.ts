/**
 * Questions about what was imported (batches, rejected rows, any sales), asked by the API,
 * the sample shop and the dashboards: the import owns these tables, so their
 * SQL lives here and nowhere else.
 */
import type { RejectedRow } from '../../common/api.js';
import type { Db } from '../store/db.js';

/** Whether any batch is the sample shop's. */
export function hasSampleData(db: Db): boolean {
  return db.prepare('SELECT 1 FROM import_batches WHERE is_sample = 1 LIMIT 1').get() !== undefined;
}

/** The sample shop's batches, newest first (the order to undo them in). */
export function sampleBatchIds(db: Db): string[] {
  return (db.prepare('SELECT id FROM import_batches WHERE is_sample = 1 ORDER BY id DESC').pluck().all() as number[]).map(String);
}

/** A batch's rows that could not be read, in file order. */
export function rejectedRows(db: Db, batchId: string, limit = 1000): RejectedRow[] {
  return db.prepare('SELECT line, reason, raw FROM import_rejects WHERE batch_id = ? ORDER BY line LIMIT ?').all(Number(batchId), limit) as RejectedRow[];
}

/** Whether any sales line has been imported (an index probe). */
export function hasSales(db: Db): boolean {
  return db.prepare('SELECT 1 FROM sales_lines LIMIT 1').get() !== undefined;
}

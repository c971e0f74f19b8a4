import type { Db } from '../store/db.js';
import { customersBetween, rebuildSummaries, refreshCustomers, refreshMonthlyProducts } from '../store/summaries.js';

export class BatchNotFound extends Error {
  constructor(batchId: string) {
    super(`there is no import batch "${batchId}" (see "tillsight status" for the list)`);
  }
}

/**
 * Removes everything one import added, in one transaction: its lines, stock
 * movements, product attributes and rejected rows; then products, customers and
 * orders no other batch uses; then the summaries of the dates it covered.
 */
export function undoBatch(db: Db, batchId: string): { batchId: string; linesRemoved: number } {
  const id = Number(batchId);
  const batch = Number.isInteger(id)
    ? (db.prepare('SELECT id, first_line_id, last_line_id, min_date, max_date FROM import_batches WHERE id = ?').get(id) as
        { id: number; first_line_id: number | null; last_line_id: number | null; min_date: string | null; max_date: string | null } | undefined)
    : undefined;
  if (!batch) throw new BatchNotFound(batchId);
  return db
    .transaction(() => {
      // A batch's lines are contiguous ids: an import holds the write lock from its first row to its commit.
      const linesRemoved =
        batch.first_line_id === null ? 0 : db.prepare('DELETE FROM sales_lines WHERE id BETWEEN ? AND ?').run(batch.first_line_id, batch.last_line_id).changes;
      db.prepare('DELETE FROM stock_movements WHERE batch_id = ?').run(id);
      db.prepare('DELETE FROM product_info WHERE batch_id = ?').run(id);
      db.prepare('DELETE FROM import_rejects WHERE batch_id = ?').run(id);
      db.prepare('DELETE FROM import_batches WHERE id = ?').run(id);
      const touched = batch.min_date && batch.max_date ? customersBetween(db, batch.min_date, batch.max_date) : [];
      removeOrphans(db);
      if (batch.min_date && batch.max_date) {
        rebuildSummaries(db, batch.min_date, batch.max_date);
        refreshMonthlyProducts(db, batch.min_date, batch.max_date);
      }
      refreshCustomers(db, touched);
      return { batchId: String(id), linesRemoved };
    })
    .immediate();
}

function removeOrphans(db: Db): void {
  db.exec(`
    DELETE FROM orders WHERE id NOT IN (SELECT order_id FROM sales_lines WHERE order_id IS NOT NULL);
    DELETE FROM customers WHERE id NOT IN (SELECT customer_id FROM sales_lines WHERE customer_id IS NOT NULL);
    DELETE FROM products WHERE id NOT IN (SELECT product_id FROM sales_lines WHERE product_id IS NOT NULL)
      AND id NOT IN (SELECT product_id FROM stock_movements) AND id NOT IN (SELECT product_id FROM product_info);
    DELETE FROM stores WHERE id NOT IN (SELECT store_id FROM sales_lines) AND id NOT IN (SELECT store_id FROM stock_movements);
  `);
}

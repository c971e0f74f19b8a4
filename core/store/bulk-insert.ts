/**
 * Many rows per INSERT statement, values filled into one reused array: for the
 * narrow rows of an import, the per-statement cost and an array per row would
 * otherwise cost more than SQLite's own work.
 *
 *   const out = new BulkInsert(db, 'daily_product', ['date', 'product_id', …]);
 *   out.value(a); out.value(b); …   // row after row, column by column
 *   out.flush();                     // before reading the table back, and at the end
 */
import type Database from 'better-sqlite3';
import type { Db } from './db.js';

const ROWS_PER_STATEMENT = 100;

export class BulkInsert {
  private readonly full: Database.Statement;
  private readonly values: unknown[];
  private count = 0;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly suffix = '',
  ) {
    this.values = new Array(ROWS_PER_STATEMENT * columns.length);
    this.full = db.prepare(this.sql(ROWS_PER_STATEMENT));
  }

  private sql(rows: number): string {
    const one = `(${this.columns.map(() => '?').join(',')})`;
    return `INSERT INTO ${this.table} (${this.columns.join(',')}) VALUES ${Array(rows).fill(one).join(',')}${this.suffix}`;
  }

  /** The next value, in column order; a statement runs each time the buffer holds ROWS_PER_STATEMENT rows. */
  value(v: unknown): void {
    this.values[this.count++] = v;
    if (this.count === this.values.length) {
      this.full.run(this.values);
      this.count = 0;
    }
  }

  /** Writes the rows still in the buffer. */
  flush(): void {
    if (!this.count) return;
    const rows = this.count / this.columns.length;
    this.db.prepare(this.sql(rows)).run(this.values.slice(0, this.count));
    this.count = 0;
  }
}

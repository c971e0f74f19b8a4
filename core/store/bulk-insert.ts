/**
 * Many rows per INSERT statement, values filled into one reused array: for the
 * narrow rows of an import, the per-statement cost and an array per row would
 * otherwise cost more than SQLite's own work.
 *
 *   const out = new BulkInsert(db, 'daily_product', ['date', 'product_id', …], { shared: ['date'] });
 *   out.value(a); out.value(b); …   // row after row, column by column
 *   out.flush();                     // before reading the table back, and at the end
 *
 * `onConflict` ("(key) DO UPDATE SET …") is added to every statement.
 *
 * Binding a value is a good part of an insert's cost. A `shared` column whose
 * value is the same on every row of a statement (the date of lines sorted by
 * date, the store of a one-shop file, a discount that is always 0) is bound
 * once for the statement: each combination of such columns gets a statement
 * of its own (prepared when first met), which binds them once and reads the
 * other columns row by row.
 */
import type Database from 'better-sqlite3';
import type { Db } from './db.js';

const ROWS_PER_STATEMENT = 100;

/** A statement for one set of shared columns, and the buffer positions its parameters take their values from. */
interface Variant {
  statement: Database.Statement;
  gather: Int32Array;
  args: unknown[];
}

export class BulkInsert {
  private readonly values: unknown[];
  private count = 0;
  private readonly width: number;
  /** Column indexes that may be bound once per statement. */
  private readonly sharable: number[];
  private readonly variants = new Map<number, Variant>();
  /** An ON CONFLICT clause for every statement, or ''. */
  private readonly onConflict: string;
  /** INSERT INTO table (columns) */
  private readonly into: string;

  constructor(
    private readonly db: Db,
    table: string,
    private readonly columns: readonly string[],
    options: { shared?: readonly string[]; onConflict?: string } = {},
  ) {
    this.onConflict = options.onConflict ? ` ON CONFLICT ${options.onConflict}` : '';
    this.into = `INSERT INTO ${table} (${columns.join(',')})`;
    this.width = columns.length;
    this.values = new Array(ROWS_PER_STATEMENT * this.width);
    this.sharable = (options.shared ?? []).map((c) => {
      const i = columns.indexOf(c);
      if (i < 0) throw new Error(`BulkInsert: ${c} is not a column of ${table}`);
      return i;
    });
  }

  /** The next value, in column order; a statement runs each time the buffer holds ROWS_PER_STATEMENT rows. */
  value(v: unknown): void {
    this.values[this.count++] = v;
    if (this.count === this.values.length) this.runFull();
  }

  /** Writes the rows still in the buffer. */
  flush(): void {
    if (!this.count) return;
    const rows = this.count / this.width;
    const one = `(${this.columns.map(() => '?').join(',')})`;
    this.db.prepare(`${this.into} VALUES ${Array(rows).fill(one).join(',')}${this.onConflict}`).run(...this.values.slice(0, this.count));
    this.count = 0;
  }

  private runFull(): void {
    const { values, width } = this;
    // Bit k set: sharable column k has one value on every row.
    let mask = 0;
    for (let k = 0; k < this.sharable.length; k++) {
      const c = this.sharable[k];
      const first = values[c];
      let same = true;
      for (let p = c + width; p < values.length; p += width) {
        if (values[p] !== first) {
          same = false;
          break;
        }
      }
      if (same) mask |= 1 << k;
    }
    const variant = this.variants.get(mask) ?? this.prepare(mask);
    const { gather, args } = variant;
    for (let i = 0; i < gather.length; i++) args[i] = values[gather[i]];
    // Spread, not one array: better-sqlite3 reads an array's elements through
    // V8's generic property lookup, one call each, but takes separate arguments
    // straight from the call. A quarter less time per insert (bench/import.ts).
    variant.statement.run(...args);
    this.count = 0;
  }

  /**
   * The shared columns' values (taken from the first row) come first, in a
   * one-row subquery; the other columns follow row by row in a VALUES list.
   * (better-sqlite3 binds only anonymous `?` by position, so one value can't
   * simply be named twice.)
   */
  private prepare(mask: number): Variant {
    const { width } = this;
    const sharedCols = this.sharable.filter((_, k) => mask & (1 << k));
    const rowCols = this.columns.map((_, c) => c).filter((c) => !sharedCols.includes(c));
    const gather: number[] = [...sharedCols];
    for (let r = 0; r < ROWS_PER_STATEMENT; r++) for (const c of rowCols) gather.push(r * width + c);
    const select = this.columns.map((_, c) => (sharedCols.includes(c) ? `k.s${c}` : `v.column${rowCols.indexOf(c) + 1}`));
    const tuple = `(${rowCols.map(() => '?').join(',')})`;
    const sql = sharedCols.length
      ? `${this.into} SELECT ${select.join(',')}
         FROM (SELECT ${sharedCols.map((c) => `? AS s${c}`).join(',')}) AS k, (VALUES ${Array(ROWS_PER_STATEMENT).fill(tuple).join(',')}) AS v
         WHERE true${this.onConflict}` // (WHERE: SQLite would read ON CONFLICT as a join's ON)
      : `${this.into} VALUES ${Array(ROWS_PER_STATEMENT).fill(tuple).join(',')}${this.onConflict}`;
    const variant: Variant = {
      statement: this.db.prepare(sql),
      gather: Int32Array.from(gather),
      args: new Array(gather.length),
    };
    this.variants.set(mask, variant);
    return variant;
  }
}

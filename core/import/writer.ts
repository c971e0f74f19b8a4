/**
 * The writing half of an import: packed batches from the reader become rows of
 * the clean facts, inside the caller's transaction. Lines go in many rows per
 * INSERT (the per-statement cost dominates otherwise); products, customers,
 * stores and orders are looked up once per import through small caches; the
 * day summaries the reader added up are written as they arrive (SummaryWriter).
 */
import type { Db } from '../store/db.js';
import type { Profile } from './profiles.js';
import type { ProductRow, StockRow } from './rows.js';
import { contentKey } from './hash.js';
import { dayToIso, KIND } from '../store/kinds.js';
import { SummaryWriter, customersBetween, refreshCustomers } from '../store/summaries.js';
import type { LineBatch } from './produce.js';
import type { NewDimensions } from './dimensions.js';
import { productKey } from './dimensions.js';
import { KnownKeys } from './known-keys.js';
import { BulkInsert } from '../store/bulk-insert.js';
import { LINE, type DimensionIds, type LineBinder } from './line-fields.js';
import { CHARGE, CHARGE_NAMES, type Charge } from '../store/kinds.js';
import { addTo, rounded, zeroAmounts, type BatchTally, type DuplicateTally } from './tally.js';

const WIDTH = LINE.width;
const AT = LINE.at;
/** Line fields that only some files fill, each from the canonical field of the same name. */
const OPTIONAL_COLUMNS = ['tax', 'collected'] as const;
/** Caches of dimension ids are dropped past this size: memory stays bounded on any file. */
const CACHE_LIMIT = 200_000;

const ORDERS_PER_UPSERT = 100;
const upsertOrdersSql = (n: number) => `INSERT INTO orders (store_id, receipt) VALUES ${Array(n).fill('(?, ?)').join(',')}
  ON CONFLICT(store_id, receipt) DO UPDATE SET receipt = excluded.receipt RETURNING id, store_id, receipt`;

export interface BatchMeta {
  fileName: string;
  filePath: string | null;
  fileSize: number;
  profile: Profile;
  encoding: string;
  delimiter: string;
  mapping: Record<string, string>;
  isSample: boolean;
  startedAt: string;
}

export class BatchWriter {
  readonly batchId: number;
  /** Lines of one batch have contiguous ids: imports hold the write lock from first row to commit. */
  readonly firstLineId: number;
  private imported = 0;
  private duplicate = 0;
  private notCounted = 0;
  private productRows = 0;
  private readonly summaries: SummaryWriter;
  /** Lines written, and their first and last days (YYYYMMDD). */
  private lines = 0;
  private minDay = Infinity;
  private maxDay = -Infinity;
  /** The day/month order was swapped after lines were written: their dates changed in SQL. */
  private swapped = false;

  private stores = new Map<string, number>();
  private products = new Map<string, number>();
  /** Counted lines skipped as already imported, for the reconciliation. */
  private readonly duplicates: DuplicateTally = { rows: 0, amounts: zeroAmounts() };
  private customers = new Map<string, number>();

  private readonly insertLines: BulkInsert;
  private readonly lineBinder: LineBinder;
  private readonly insertReject;
  private readonly findStore;
  private readonly addStore;
  private readonly findProduct;
  private readonly addProductStmt;
  private readonly fillCategory;
  private readonly findCustomer;
  private readonly addCustomer;
  private readonly upsertOrders;
  /** Keys of the lines on each day, for the duplicate check (see KnownKeys). */
  private readonly keys: KnownKeys;
  private readonly insertProductInfo;
  private readonly insertStock;

  constructor(
    private readonly db: Db,
    meta: BatchMeta,
  ) {
    const info = db
      .prepare(
        `INSERT INTO import_batches (file_name, file_path, file_size, profile, source_kind, encoding, delimiter, mapping_json, is_sample, started_at, finished_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        meta.fileName,
        meta.filePath,
        meta.fileSize,
        meta.profile.id,
        meta.profile.kind,
        meta.encoding,
        meta.delimiter,
        JSON.stringify(meta.mapping),
        meta.isSample ? 1 : 0,
        meta.startedAt,
        meta.startedAt,
      );
    this.batchId = Number(info.lastInsertRowid);
    this.summaries = new SummaryWriter(db);
    this.firstLineId = db.prepare('SELECT coalesce(max(id), 0) + 1 FROM sales_lines').pluck().get() as number;

    // Columns the file cannot fill stay NULL without being bound (mapping: the canonical fields it has).
    this.lineBinder = LINE.binder(OPTIONAL_COLUMNS.filter((field) => meta.mapping[field] === undefined));
    this.insertLines = new BulkInsert(db, 'sales_lines', this.lineBinder.columns, { shared: this.lineBinder.shared });
    this.insertReject = db.prepare('INSERT INTO import_rejects (batch_id, line, reason, raw) VALUES (?, ?, ?, ?)');
    this.findStore = db.prepare('SELECT id FROM stores WHERE name = ?').pluck();
    this.addStore = db.prepare('INSERT INTO stores (name) VALUES (?)');
    this.findProduct = db.prepare('SELECT id FROM products WHERE key = ?');
    this.addProductStmt = db.prepare('INSERT INTO products (key, sku, name, category, is_product, non_product_kind) VALUES (?, ?, ?, ?, ?, ?)');
    this.fillCategory = db.prepare('UPDATE products SET category = ? WHERE id = ? AND category IS NULL');
    this.findCustomer = db.prepare('SELECT id FROM customers WHERE key = ?').pluck();
    this.addCustomer = db.prepare('INSERT INTO customers (key, name, email, country) VALUES (?, ?, ?, ?)');
    this.upsertOrders = db.prepare(upsertOrdersSql(ORDERS_PER_UPSERT)).raw();
    const keysOfDay = db.prepare('SELECT line_key FROM sales_lines WHERE date = ?').pluck();
    this.keys = new KnownKeys((day, reload) => {
      // A day met again after it was dropped from memory: its lines still in the buffer must be read back too.
      if (reload) this.insertLines.flush();
      return keysOfDay.all(day) as number[];
    });
    this.insertProductInfo =
      db.prepare(`INSERT INTO product_info (batch_id, product_id, cost, price, category, supplier, lead_time_days) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(batch_id, product_id) DO UPDATE SET cost = excluded.cost, price = excluded.price, category = excluded.category, supplier = excluded.supplier, lead_time_days = excluded.lead_time_days`);
    this.insertStock = db.prepare(
      'INSERT INTO stock_movements (batch_id, line_key, date, product_id, store_id, kind, quantity) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(line_key) DO NOTHING',
    );
  }

  // ------------------------------------------------------------ dimensions

  private cached(map: Map<string, number>, key: string, make: () => number): number {
    let id = map.get(key);
    if (id === undefined) {
      if (map.size >= CACHE_LIMIT) map.clear();
      id = make();
      map.set(key, id);
    }
    return id;
  }

  private storeId(name: string): number {
    return this.cached(this.stores, name, () => (this.findStore.get(name) as number | undefined) ?? Number(this.addStore.run(name).lastInsertRowid));
  }

  /**
   * Products are matched by SKU, then by name. A non-product line (postage, a
   * fee, a stock "adjustment" typed under a real product code) gets an entry of
   * its own, marked non-product, so that whether a line is goods is a property
   * of its product and every summary, accumulated or rebuilt, agrees.
   */
  private productId(sku: string, name: string, category: string, charge: Charge): number {
    const isProduct = charge === CHARGE.goods;
    const key = productKey(sku, name, isProduct);
    return this.cached(this.products, key, () => {
      let row = this.findProduct.get(key) as { id: number } | undefined;
      if (row === undefined && sku && isProduct) row = this.findProduct.get('name:' + name.toLowerCase()) as { id: number } | undefined;
      if (row === undefined)
        return Number(this.addProductStmt.run(key, sku || null, name, category || null, isProduct ? 1 : 0, CHARGE_NAMES[charge]).lastInsertRowid);
      if (category) this.fillCategory.run(category, row.id);
      return row.id;
    });
  }

  private customerId(key: string, name: string, email: string, country: string): number | null {
    if (!key) return null;
    return this.cached(
      this.customers,
      key,
      () =>
        (this.findCustomer.get(key) as number | undefined) ?? Number(this.addCustomer.run(key, name || null, email || null, country || null).lastInsertRowid),
    );
  }

  // ------------------------------------------------------------ sales lines

  /** Database ids of the reader's local dimension numbers (dimensions.ts), by local number. */
  private readonly ids: DimensionIds = { stores: [], orders: [], products: [], customers: [] };
  private readonly storeIds = this.ids.stores;
  private readonly orderIds = this.ids.orders;
  private readonly productIds = this.ids.products;
  private readonly customerIds = this.ids.customers;

  /** Turns the dimension values first seen in a batch into database ids (find, else insert). */
  private resolve(d: NewDimensions): void {
    for (let i = 0; i < d.stores.length; i++) this.storeIds[d.base.stores + i] = this.storeId(d.stores[i]);
    this.resolveOrders(d.base.orders, d.orders);
    d.products.forEach((p, i) => (this.productIds[d.base.products + i] = this.productId(p.sku, p.name, p.category, p.charge)));
    d.customers.forEach((c, i) => (this.customerIds[d.base.customers + i] = this.customerId(c.key, c.name, c.email, c.country)!));
  }

  /**
   * Orders are the most numerous dimension (a receipt every few lines): they are
   * found or added ORDERS_PER_UPSERT at a time, one statement for many.
   */
  private resolveOrders(base: number, orders: Array<number | string>): void {
    for (let start = 0; start < orders.length; start += 2 * ORDERS_PER_UPSERT) {
      const chunk = orders.slice(start, start + 2 * ORDERS_PER_UPSERT);
      const values: unknown[] = [];
      for (let i = 0; i < chunk.length; i += 2) values.push(this.storeIds[chunk[i] as number], chunk[i + 1]);
      const n = chunk.length / 2;
      const statement = n === ORDERS_PER_UPSERT ? this.upsertOrders : this.db.prepare(upsertOrdersSql(n)).raw();
      // Spread, not one array: see BulkInsert.runFull.
      const rows = statement.all(...values) as Array<[number, number, string]>;
      const ids = this.orderIds;
      const first = base + start / 2;
      // RETURNING promises no order. SQLite gives the rows in VALUES order, which is checked row by row;
      // should it ever differ, the rows are matched back by (store, receipt).
      let inOrder = rows.length === n;
      for (let i = 0; inOrder && i < n; i++) inOrder = rows[i][1] === values[2 * i] && rows[i][2] === values[2 * i + 1];
      if (inOrder) {
        for (let i = 0; i < n; i++) ids[first + i] = rows[i][0];
        continue;
      }
      const byKey = new Map<string, number>();
      for (const [id, store, receipt] of rows) byKey.set(store + '\x1f' + receipt, id);
      for (let i = 0; i < n; i++) ids[first + i] = byKey.get(String(values[2 * i]) + '\x1f' + String(values[2 * i + 1]))!;
    }
  }

  /**
   * Writes one packed batch (see produce.ts for the layout). A line whose key is
   * already on its day is a duplicate and is skipped; a file row counts as
   * imported or duplicate by its first line.
   */
  addBatch(batch: LineBatch): void {
    this.resolve(batch.dims);
    const { nums, count } = batch;
    const v = this.insertLines;
    const ids = this.ids;
    const bind = this.lineBinder.bind;
    for (let i = 0; i < count; i++) {
      const o = i * WIDTH;
      const day = nums[o + AT.day];
      const key = nums[o + AT.key];
      const rowStart = nums[o + AT.rowStart] === 1;
      const kind = nums[o + AT.kind];
      const known = this.keys.of(day);
      if (known.has(key)) {
        if (rowStart) this.duplicate++;
        if (kind !== KIND.void) this.countDuplicate(nums, o, rowStart);
        this.summaries.markDirty(day);
        continue;
      }
      this.lines++;
      if (day < this.minDay) this.minDay = day;
      if (day > this.maxDay) this.maxDay = day;
      this.keys.add(known, key);
      if (rowStart) {
        this.imported++;
        if (kind === KIND.void) this.notCounted++;
      }
      bind(v, nums, o, ids);
    }
    // The days the file has left, added up by the reading thread, are written now, while it parses the next batch.
    if (batch.summaries) this.summaries.write(batch.summaries, { stores: this.storeIds, products: this.productIds, customers: this.customerIds });
  }

  private countDuplicate(nums: Float64Array, o: number, rowStart: boolean): void {
    const tax = nums[o + AT.tax];
    const collected = nums[o + AT.collected];
    if (rowStart) this.duplicates.rows++;
    addTo(this.duplicates.amounts, nums[o + AT.net], Number.isNaN(tax) ? 0 : tax, Number.isNaN(collected) ? 0 : collected);
  }

  /** The column's day/month order turned out the other way: fix the rows already written (all of them were ambiguous). */
  swapDayMonth(): void {
    this.insertLines.flush();
    this.keys.clear();
    // Only a day of 12 or less could have been read either way; a later day was not (a year-first date in the
    // same column), and swapping it would make a month 13+ (found by test/fuzz-import.test.ts).
    this.db
      .prepare('UPDATE sales_lines SET date = (date / 10000) * 10000 + (date % 100) * 100 + (date / 100 % 100) WHERE id >= ? AND date % 100 <= 12')
      .run(this.firstLineId);
    this.db
      .prepare(`UPDATE stock_movements SET date = substr(date, 1, 5) || substr(date, 9, 2) || '-' || substr(date, 6, 2) WHERE batch_id = ?`)
      .run(this.batchId);
    // Accumulated summaries were keyed by the old dates: SQL rebuilds the range instead.
    this.summaries.rebuildAll();
    this.swapped = true;
  }

  // ------------------------------------------------------------ products and stock

  addProduct(row: ProductRow): void {
    const id = this.productId(row.sku ?? '', row.name, row.category ?? '', CHARGE.goods);
    this.insertProductInfo.run(this.batchId, id, row.cost, row.price, row.category, row.supplier, row.leadTime);
    this.productRows++;
  }

  addStock(r: StockRow): void {
    const storeId = this.storeId(r.store);
    const key = contentKey(['stock', r.rawDate, r.sku ?? '', r.name, r.store, r.kind, r.quantity].join('\x1f'));
    const changes = this.insertStock.run(this.batchId, key, r.date, this.productId(r.sku ?? '', r.name, '', CHARGE.goods), storeId, r.kind, r.quantity).changes;
    if (changes) this.imported++;
    else this.duplicate++;
  }

  reject(line: number, reason: string, raw: string | undefined): void {
    this.insertReject.run(this.batchId, line, reason, raw ?? null);
  }

  // ------------------------------------------------------------ closing

  counts(): { imported: number; duplicate: number; notCounted: number } {
    return { imported: this.imported + this.productRows, duplicate: this.duplicate, notCounted: this.notCounted };
  }

  /** Records the batch's totals and writes the summaries of its days. */
  complete(totals: { rowsRead: number; rowsRejected: number; dateOrder: string | null; currency: string | null; tally: Omit<BatchTally, 'duplicates'> }): {
    minDate: string | null;
    maxDate: string | null;
  } {
    this.insertLines.flush();
    // Ids are contiguous (the import holds the write lock); the days were tracked on the way, unless a swap rewrote them.
    const ids = this.swapped
      ? (this.db
          .prepare('SELECT min(id) AS first, max(id) AS last, min(date) AS minDay, max(date) AS maxDay FROM sales_lines WHERE id >= ?')
          .get(this.firstLineId) as { first: number | null; last: number | null; minDay: number | null; maxDay: number | null })
      : this.lines
        ? { first: this.firstLineId, last: this.firstLineId + this.lines - 1, minDay: this.minDay, maxDay: this.maxDay }
        : { first: null, last: null, minDay: null, maxDay: null };
    const minDate = ids.minDay ? dayToIso(ids.minDay) : null;
    const maxDate = ids.maxDay ? dayToIso(ids.maxDay) : null;
    const stock = this.db.prepare('SELECT min(date) AS minDate, max(date) AS maxDate FROM stock_movements WHERE batch_id = ?').get(this.batchId) as {
      minDate: string | null;
      maxDate: string | null;
    };
    const { imported } = this.counts();
    this.db
      .prepare(
        `UPDATE import_batches SET rows_read = ?, rows_imported = ?, rows_duplicate = ?, rows_rejected = ?, date_order = ?,
      first_line_id = ?, last_line_id = ?, min_date = ?, max_date = ?, finished_at = ?, reconciliation_json = ?, currency = ? WHERE id = ?`,
      )
      .run(
        totals.rowsRead,
        imported,
        this.duplicate,
        totals.rowsRejected,
        totals.dateOrder,
        ids.first,
        ids.last,
        minDate ?? stock.minDate,
        maxDate ?? stock.maxDate,
        new Date().toISOString(),
        JSON.stringify({ ...totals.tally, duplicates: { rows: this.duplicates.rows, amounts: rounded(this.duplicates.amounts) } } satisfies BatchTally),
        totals.currency,
        this.batchId,
      );
    if (minDate && maxDate && this.imported > 0) {
      this.summaries.finish(minDate, maxDate);
      refreshCustomers(this.db, customersBetween(this.db, minDate, maxDate));
    }
    return { minDate: minDate ?? stock.minDate, maxDate: maxDate ?? stock.maxDate };
  }
}

/**
 * The writing half of an import: packed batches from the reader become rows of
 * the clean facts, inside the caller's transaction. Lines go in many rows per
 * INSERT (the per-statement cost dominates otherwise); products, customers,
 * stores and orders are looked up once per import through small caches; the
 * summaries of new days are added up on the way (SummaryAccumulator).
 */
import type { Db } from '../store/db.js';
import type { Profile } from './profiles.js';
import type { ProductRow, StockRow } from './rows.js';
import { contentKey } from './hash.js';
import { dayToIso } from '../store/kinds.js';
import { SummaryAccumulator, customersBetween, refreshCustomers, type AccLine } from '../store/summaries.js';
import { NUMS, STRS, type LineBatch } from './produce.js';

const COLS = ['line_key', 'file_line', 'date', 'time', 'order_id', 'product_id', 'customer_id', 'store_id', 'kind', 'quantity', 'gross', 'discount', 'net', 'cost'] as const;
const ROWS_PER_INSERT = 100;
/** Caches of dimension ids are dropped past this size: memory stays bounded on any file. */
const CACHE_LIMIT = 200_000;

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

const num = (v: number) => (Number.isNaN(v) ? null : v);
/** A string with its own storage (concatenation then slicing makes V8 copy the characters). */
const detach = (s: string) => (' ' + s).slice(1);

export class BatchWriter {
  readonly batchId: number;
  /** Lines of one batch have contiguous ids: imports hold the write lock from first row to commit. */
  readonly firstLineId: number;
  private imported = 0;
  private duplicate = 0;
  private notCounted = 0;
  private productRows = 0;
  private readonly summaries = new SummaryAccumulator();
  /** Days where some line was already in the database: their summaries are rebuilt with SQL. */
  private conflictDays = new Set<number>();

  private stores = new Map<string, number>();
  private products = new Map<string, number>();
  private customers = new Map<string, number>();
  private orders = new Map<string, number>();
  private lastHit = new Map<Map<string, number>, { key: string; id: number }>();

  private readonly insertMany;
  private readonly insertOne;
  private readonly insertReject;
  private readonly findStore;
  private readonly addStore;
  private readonly findProduct;
  private readonly addProductStmt;
  private readonly fillCategory;
  private readonly findCustomer;
  private readonly addCustomer;
  private readonly upsertOrder;
  private readonly mineByKey;
  private readonly insertProductInfo;
  private readonly insertStock;

  constructor(private readonly db: Db, meta: BatchMeta) {
    const info = db.prepare(`INSERT INTO import_batches (file_name, file_path, file_size, profile, source_kind, encoding, delimiter, mapping_json, is_sample, started_at, finished_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(meta.fileName, meta.filePath, meta.fileSize, meta.profile.id, meta.profile.kind, meta.encoding,
      meta.delimiter, JSON.stringify(meta.mapping), meta.isSample ? 1 : 0, meta.startedAt, meta.startedAt);
    this.batchId = Number(info.lastInsertRowid);
    this.firstLineId = (db.prepare('SELECT coalesce(max(id), 0) + 1 FROM sales_lines').pluck().get() as number);

    const one = `(${COLS.map(() => '?').join(',')})`;
    const head = `INSERT INTO sales_lines (${COLS.join(',')}) VALUES `;
    const tail = ' ON CONFLICT(date, line_key) DO NOTHING';
    this.insertMany = db.prepare(head + Array(ROWS_PER_INSERT).fill(one).join(',') + tail);
    this.insertOne = db.prepare(head + one + tail);
    this.insertReject = db.prepare('INSERT INTO import_rejects (batch_id, line, reason, raw) VALUES (?, ?, ?, ?)');
    this.findStore = db.prepare('SELECT id FROM stores WHERE name = ?').pluck();
    this.addStore = db.prepare('INSERT INTO stores (name) VALUES (?)');
    this.findProduct = db.prepare('SELECT id FROM products WHERE key = ?');
    this.addProductStmt = db.prepare('INSERT INTO products (key, sku, name, category, is_product) VALUES (?, ?, ?, ?, ?)');
    this.fillCategory = db.prepare('UPDATE products SET category = ? WHERE id = ? AND category IS NULL');
    this.findCustomer = db.prepare('SELECT id FROM customers WHERE key = ?').pluck();
    this.addCustomer = db.prepare('INSERT INTO customers (key, name, email, country) VALUES (?, ?, ?, ?)');
    this.upsertOrder = db.prepare('INSERT INTO orders (store_id, receipt) VALUES (?, ?) ON CONFLICT(store_id, receipt) DO UPDATE SET receipt = excluded.receipt RETURNING id').pluck();
    this.mineByKey = db.prepare('SELECT id >= ? FROM sales_lines WHERE date = ? AND line_key = ?').pluck();
    this.insertProductInfo = db.prepare(`INSERT INTO product_info (batch_id, product_id, cost, price, category, supplier, lead_time_days) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(batch_id, product_id) DO UPDATE SET cost = excluded.cost, price = excluded.price, category = excluded.category, supplier = excluded.supplier, lead_time_days = excluded.lead_time_days`);
    this.insertStock = db.prepare('INSERT INTO stock_movements (batch_id, line_key, date, product_id, store_id, kind, quantity) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(line_key) DO NOTHING');
  }

  // ------------------------------------------------------------ dimensions

  private cached(map: Map<string, number>, key: string, make: () => number): number {
    // Consecutive lines mostly share a store, an order and a customer: check the last hit first.
    const last = this.lastHit.get(map);
    if (last && last.key === key) return last.id;
    let id = map.get(key);
    if (id === undefined) {
      if (map.size >= CACHE_LIMIT) map.clear();
      id = make();
      // A copy, not the string itself: strings split from a batch share that batch's whole
      // 1 MB text, and one kept as a key would keep the whole batch alive.
      map.set(detach(key), id);
    }
    if (last) {
      last.key = key; // at most one batch kept alive per cache, and only until the next key
      last.id = id;
    } else this.lastHit.set(map, { key, id });
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
  private productId(sku: string, name: string, category: string, isProduct: boolean): number {
    const key = isProduct ? (sku ? 'sku:' + sku : 'name:' + name.toLowerCase()) : 'other:' + sku + ':' + name.toLowerCase();
    return this.cached(this.products, key, () => {
      let row = this.findProduct.get(key) as { id: number } | undefined;
      if (row === undefined && sku && isProduct) row = this.findProduct.get('name:' + name.toLowerCase()) as { id: number } | undefined;
      if (row === undefined) return Number(this.addProductStmt.run(key, sku || null, name, category || null, isProduct ? 1 : 0).lastInsertRowid);
      if (category) this.fillCategory.run(category, row.id);
      return row.id;
    });
  }

  private customerId(key: string, name: string, email: string, country: string): number | null {
    if (!key) return null;
    return this.cached(this.customers, key, () =>
      (this.findCustomer.get(key) as number | undefined) ?? Number(this.addCustomer.run(key, name || null, email || null, country || null).lastInsertRowid));
  }

  private orderId(storeId: number, receipt: string): number {
    return this.cached(this.orders, storeId + '\x1f' + receipt, () => this.upsertOrder.get(storeId, receipt) as number);
  }

  // ------------------------------------------------------------ sales lines

  /** Writes one packed batch (see produce.ts for the layout). */
  addBatch(batch: LineBatch): void {
    const { nums, count } = batch;
    const strs = batch.strs.split('\x1f');
    let values: unknown[] = [];
    let productFlags: number[] = [];
    // Each row's first line (key and day), to tell imported rows from duplicates.
    let rows: Array<{ day: number; key: number; counted: boolean }> = [];
    let lines = 0;
    const flush = () => {
      if (lines) this.insert(values, lines, rows, productFlags);
      values = [];
      productFlags = [];
      rows = [];
      lines = 0;
    };
    for (let i = 0; i < count; i++) {
      const o = i * NUMS;
      const s = i * STRS;
      const receipt = strs[s]!;
      const store = strs[s + 8]!;
      const day = nums[o]!;
      const seconds = num(nums[o + 1]!);
      const kind = nums[o + 7]!;
      const isProduct = nums[o + 8] === 1;
      const key = nums[o + 10]!;
      const storeId = this.storeId(store);
      const orderId = this.orderId(storeId, receipt);
      const productId = this.productId(strs[s + 1]!, strs[s + 2]!, strs[s + 3]!, isProduct);
      const customerId = this.customerId(strs[s + 4]!, strs[s + 5]!, strs[s + 6]!, strs[s + 7]!);
      const quantity = nums[o + 2]!;
      const gross = nums[o + 3]!;
      const discount = nums[o + 4]!;
      const net = nums[o + 5]!;
      const cost = num(nums[o + 6]!);
      if (nums[o + 11] === 1 && lines >= ROWS_PER_INSERT) flush();
      values.push(key, nums[o + 9], day, seconds, orderId, productId, customerId, storeId, kind, quantity, gross, discount, net, cost);
      productFlags.push(isProduct ? 1 : 0);
      if (nums[o + 11] === 1) rows.push({ day, key, counted: kind !== 4 });
      lines++;
    }
    flush();
  }

  /** One reused object carries each line to the accumulator (no allocation per line). */
  private readonly scratch: AccLine = { day: 0, seconds: null, orderId: null, productId: 0, customerId: null, storeId: 0, kind: 0, isProduct: true, quantity: 0, gross: 0, discount: 0, net: 0, cost: null };

  private insert(values: unknown[], lines: number, rows: Array<{ day: number; key: number; counted: boolean }>, productFlags: number[]): void {
    let changes = 0;
    const width = COLS.length;
    let offset = 0;
    for (; lines - offset / width >= ROWS_PER_INSERT; offset += ROWS_PER_INSERT * width) {
      changes += this.insertMany.run(values.slice(offset, offset + ROWS_PER_INSERT * width)).changes;
    }
    for (; offset < values.length; offset += width) changes += this.insertOne.run(values.slice(offset, offset + width)).changes;
    if (changes === lines) {
      this.imported += rows.length;
      for (const r of rows) if (!r.counted) this.notCounted++;
      const a = this.scratch;
      for (let j = 0, o = 0; j < lines; j++, o += width) {
        // values holds COLS in order: line_key, file_line, date, time, order_id, product_id, customer_id, store_id, kind, quantity, gross, discount, net, cost
        a.day = values[o + 2] as number;
        a.seconds = values[o + 3] as number | null;
        a.orderId = values[o + 4] as number;
        a.productId = values[o + 5] as number;
        a.customerId = values[o + 6] as number | null;
        a.storeId = values[o + 7] as number;
        a.kind = values[o + 8] as number;
        a.quantity = values[o + 9] as number;
        a.gross = values[o + 10] as number;
        a.discount = values[o + 11] as number;
        a.net = values[o + 12] as number;
        a.cost = values[o + 13] as number | null;
        a.isProduct = productFlags[j] === 1;
        this.summaries.add(a);
      }
    } else {
      // Some rows were already in the database: find out which, by their first line.
      for (const r of rows) {
        this.conflictDays.add(r.day);
        if (this.mineByKey.get(this.firstLineId, r.day, r.key)) {
          this.imported++;
          if (!r.counted) this.notCounted++;
        } else this.duplicate++;
      }
    }
  }

  /** The column's day/month order turned out the other way: fix the rows already written (all of them were ambiguous). */
  swapDayMonth(): void {
    this.db.prepare('UPDATE sales_lines SET date = (date / 10000) * 10000 + (date % 100) * 100 + (date / 100 % 100) WHERE id >= ?').run(this.firstLineId);
    this.db.prepare(`UPDATE stock_movements SET date = substr(date, 1, 5) || substr(date, 9, 2) || '-' || substr(date, 6, 2) WHERE batch_id = ?`).run(this.batchId);
    // Accumulated summaries were keyed by the old dates: SQL rebuilds the range instead.
    this.summaries.overflowed = true;
    this.conflictDays.clear();
  }

  // ------------------------------------------------------------ products and stock

  addProduct(row: ProductRow): void {
    const id = this.productId(row.sku ?? '', row.name, row.category ?? '', true);
    this.insertProductInfo.run(this.batchId, id, row.cost, row.price, row.category, row.supplier, row.leadTime);
    this.productRows++;
  }

  addStock(r: StockRow): void {
    const storeId = this.storeId(r.store);
    const key = contentKey(['stock', r.rawDate, r.sku ?? '', r.name, r.store, r.kind, r.quantity].join('\x1f'));
    const changes = this.insertStock.run(this.batchId, key, r.date, this.productId(r.sku ?? '', r.name, '', true), storeId, r.kind, r.quantity).changes;
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
  complete(totals: { rowsRead: number; rowsRejected: number; dateOrder: string | null }): { minDate: string | null; maxDate: string | null } {
    const ids = this.db.prepare('SELECT min(id) AS first, max(id) AS last, min(date) AS minDay, max(date) AS maxDay FROM sales_lines WHERE id >= ?')
      .get(this.firstLineId) as { first: number | null; last: number | null; minDay: number | null; maxDay: number | null };
    const minDate = ids.minDay ? dayToIso(ids.minDay) : null;
    const maxDate = ids.maxDay ? dayToIso(ids.maxDay) : null;
    const stock = this.db.prepare('SELECT min(date) AS minDate, max(date) AS maxDate FROM stock_movements WHERE batch_id = ?').get(this.batchId) as { minDate: string | null; maxDate: string | null };
    const { imported } = this.counts();
    this.db.prepare(`UPDATE import_batches SET rows_read = ?, rows_imported = ?, rows_duplicate = ?, rows_rejected = ?, date_order = ?,
      first_line_id = ?, last_line_id = ?, min_date = ?, max_date = ?, finished_at = ? WHERE id = ?`)
      .run(totals.rowsRead, imported, this.duplicate, totals.rowsRejected, totals.dateOrder, ids.first, ids.last,
        minDate ?? stock.minDate, maxDate ?? stock.maxDate, new Date().toISOString(), this.batchId);
    if (minDate && maxDate && this.imported > 0) {
      this.summaries.write(this.db, minDate, maxDate, this.conflictDays);
      refreshCustomers(this.db, customersBetween(this.db, minDate, maxDate));
    }
    return { minDate: minDate ?? stock.minDate, maxDate: maxDate ?? stock.maxDate };
  }
}

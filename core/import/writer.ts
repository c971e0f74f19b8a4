/**
 * Writes one batch's rows into the clean facts, inside the caller's transaction.
 * Lines are inserted many rows per statement (the per-statement cost dominates
 * otherwise); products, customers, stores and orders are looked up once per
 * import through small caches.
 */
import type { Db } from '../store/db.js';
import type { Profile } from './profiles.js';
import type { ProductRow, SalesLine, StockRow } from './rows.js';
import type { DateOrder } from './values.js';
import { contentKey } from './hash.js';
import { KIND, dayToIso } from '../store/kinds.js';
import { SummaryAccumulator, type AccLine } from '../store/summaries.js';

const COLS = ['batch_id', 'line_key', 'file_line', 'date', 'time', 'order_id', 'product_id', 'customer_id', 'store_id', 'kind', 'quantity', 'gross', 'discount', 'net', 'cost'] as const;
const ROWS_PER_INSERT = 64;
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

interface Pending {
  values: unknown[];
  /** Each row's first line (its key and date), to tell imported rows from duplicates. */
  rows: Array<{ key: number; day: number; counted: boolean }>;
  acc: AccLine[];
  lines: number;
}

export class BatchWriter {
  readonly batchId: number;
  private readonly firstLineId: number;
  private pending: Pending = { values: [], rows: [], acc: [], lines: 0 };
  readonly summaries = new SummaryAccumulator();
  /** Days where some line was already in the database: their summaries are rebuilt with SQL. */
  private conflictDays = new Set<number>();
  private imported = 0;
  private duplicate = 0;
  private notCounted = 0;
  private productInfo = 0;

  private stores = new Map<string, number>();
  private products = new Map<string, number>();
  private customers = new Map<string, number>();
  private orders = new Map<string, number>();
  /** Identical rows within one receipt (or one day) are distinct sales: count them while the group lasts. */
  private groupKey: string | null = null;
  private groupSeen = new Map<string, number>();

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
    const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM sales_lines').get() as { m: number }).m;
    this.firstLineId = maxId + 1;

    const one = `(${COLS.map(() => '?').join(',')})`;
    const head = `INSERT INTO sales_lines (${COLS.join(',')}) VALUES `;
    const tail = ' ON CONFLICT(date, line_key) DO NOTHING';
    this.insertMany = db.prepare(head + Array(ROWS_PER_INSERT).fill(one).join(',') + tail);
    this.insertOne = db.prepare(head + one + tail);
    this.insertReject = db.prepare('INSERT INTO import_rejects (batch_id, line, reason, raw) VALUES (?, ?, ?, ?)');
    this.findStore = db.prepare('SELECT id FROM stores WHERE name = ?').pluck();
    this.addStore = db.prepare('INSERT INTO stores (name) VALUES (?)');
    this.findProduct = db.prepare('SELECT id FROM products WHERE key = ?').pluck();
    this.addProductStmt = db.prepare('INSERT INTO products (key, sku, name, category, is_product) VALUES (?, ?, ?, ?, ?)');
    this.fillCategory = db.prepare('UPDATE products SET category = ? WHERE id = ? AND category IS NULL');
    this.findCustomer = db.prepare('SELECT id FROM customers WHERE key = ?').pluck();
    this.addCustomer = db.prepare('INSERT INTO customers (key, name, email, country) VALUES (?, ?, ?, ?)');
    this.upsertOrder = db.prepare('INSERT INTO orders (store_id, receipt) VALUES (?, ?) ON CONFLICT(store_id, receipt) DO UPDATE SET receipt = excluded.receipt RETURNING id').pluck();
    this.mineByKey = db.prepare('SELECT 1 FROM sales_lines WHERE date = ? AND line_key = ? AND batch_id = ?').pluck();
    this.insertProductInfo = db.prepare(`INSERT INTO product_info (batch_id, product_id, cost, price, category, supplier, lead_time_days) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(batch_id, product_id) DO UPDATE SET cost = excluded.cost, price = excluded.price, category = excluded.category, supplier = excluded.supplier, lead_time_days = excluded.lead_time_days`);
    this.insertStock = db.prepare('INSERT INTO stock_movements (batch_id, line_key, date, product_id, store_id, kind, quantity) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(line_key) DO NOTHING');
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

  /** Products are matched by SKU, then by name; a line without either never reaches here. */
  private productId(sku: string | null, name: string, category: string | null, isProduct: boolean): number {
    const key = sku ? 'sku:' + sku : 'name:' + name.toLowerCase();
    return this.cached(this.products, key, () => {
      let id = this.findProduct.get(key) as number | undefined;
      if (id === undefined && sku) id = this.findProduct.get('name:' + name.toLowerCase()) as number | undefined;
      if (id === undefined) id = Number(this.addProductStmt.run(key, sku, name, category, isProduct ? 1 : 0).lastInsertRowid);
      else if (category) this.fillCategory.run(category, id);
      return id;
    });
  }

  private customerId(line: SalesLine): number | null {
    const key = line.customerKey;
    if (!key) return null;
    return this.cached(this.customers, key, () =>
      (this.findCustomer.get(key) as number | undefined) ?? Number(this.addCustomer.run(key, line.customerName, line.customerEmail, line.country).lastInsertRowid));
  }

  private orderId(storeId: number, receipt: string): number {
    return this.cached(this.orders, storeId + '\x1f' + receipt, () => this.upsertOrder.get(storeId, receipt) as number);
  }

  // ------------------------------------------------------------ sales lines

  addSales(lines: SalesLine[], fileLine: number): void {
    const first = lines[0]!;
    const group = first.receipt ?? first.rawDate;
    if (group !== this.groupKey) {
      this.groupKey = group;
      this.groupSeen.clear();
    }
    let rowKey = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const storeId = this.storeId(l.store);
      const text = [l.rawDate, l.receipt ?? '', l.sku ?? '', l.product, l.quantity, l.unitPrice ?? '', l.net, l.customerKey ?? '', l.kind, l.store, l.part].join('\x1f');
      const seen = this.groupSeen.get(text) ?? 0;
      this.groupSeen.set(text, seen + 1);
      const key = contentKey(seen ? text + '#' + seen : text);
      if (i === 0) rowKey = key;
      // A file with no receipt column: lines sold at the same moment to the same customer form one order.
      const receipt = l.receipt ?? (l.seconds !== null ? `auto:${l.date} ${l.seconds}|${l.customerKey ?? ''}` : `auto:${l.date}|line ${fileLine}`);
      const orderId = this.orderId(storeId, receipt);
      const productId = this.productId(l.sku, l.product, l.category, l.isProduct);
      const customerId = this.customerId(l);
      const kind = KIND[l.kind];
      this.pending.values.push(this.batchId, key, fileLine, l.day, l.seconds, orderId, productId, customerId, storeId, kind, l.quantity, l.gross, l.discount, l.net, l.cost);
      this.pending.acc.push({ day: l.day, seconds: l.seconds, orderId, productId, customerId, storeId, kind, isProduct: l.isProduct, quantity: l.quantity, gross: l.gross, discount: l.discount, net: l.net, cost: l.cost });
      this.pending.lines++;
    }
    this.pending.rows.push({ key: rowKey, day: lines[0]!.day, counted: first.counted });
    if (this.pending.lines >= ROWS_PER_INSERT) this.flush();
  }

  private flush(): void {
    const { values, rows, acc, lines } = this.pending;
    if (!lines) return;
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
      for (const a of acc) this.summaries.add(a);
    } else {
      // Some rows were already in the database: find out which, by their first line.
      for (const r of rows) {
        this.conflictDays.add(r.day);
        if (this.mineByKey.get(r.day, r.key, this.batchId)) {
          this.imported++;
          if (!r.counted) this.notCounted++;
        } else this.duplicate++;
      }
    }
    this.pending = { values: [], rows: [], acc: [], lines: 0 };
  }

  /** The column's day/month order turned out the other way: fix the rows already written. */
  swapDayMonth(_order: DateOrder): void {
    this.flush();
    this.db.prepare('UPDATE sales_lines SET date = (date / 10000) * 10000 + (date % 100) * 100 + (date / 100 % 100) WHERE id >= ? AND batch_id = ?')
      .run(this.firstLineId, this.batchId);
    this.db.prepare(`UPDATE stock_movements SET date = substr(date, 1, 5) || substr(date, 9, 2) || '-' || substr(date, 6, 2) WHERE batch_id = ?`).run(this.batchId);
    // The accumulated summaries were keyed by the old dates: let SQL rebuild them.
    this.summaries.overflowed = true;
    this.conflictDays.clear();
  }

  // ------------------------------------------------------------ products and stock

  addProduct(row: ProductRow): void {
    const id = this.productId(row.sku, row.name, row.category, true);
    this.insertProductInfo.run(this.batchId, id, row.cost, row.price, row.category, row.supplier, row.leadTime);
    this.productInfo++;
  }

  addStock(rows: StockRow[], fileLine: number): void {
    let any = false;
    for (const r of rows) {
      const storeId = this.storeId(r.store);
      const key = contentKey(['stock', r.rawDate, r.sku ?? '', r.name, r.store, r.kind, r.quantity].join('\x1f'));
      const changes = this.insertStock.run(this.batchId, key, r.date, this.productId(r.sku, r.name, null, true), storeId, r.kind, r.quantity).changes;
      if (changes) any = true;
    }
    void fileLine;
    if (any) this.imported++;
    else this.duplicate++;
  }

  reject(line: number, reason: string, raw: string): void {
    this.insertReject.run(this.batchId, line, reason, raw);
  }

  // ------------------------------------------------------------ closing

  finish(): { imported: number; duplicate: number; notCounted: number } {
    this.flush();
    return { imported: this.imported + this.productInfo, duplicate: this.duplicate, notCounted: this.notCounted };
  }

  complete(totals: { rowsRead: number; rowsRejected: number; dateOrder: DateOrder | null }): { batchId: number; minDate: string | null; maxDate: string | null } {
    const ids = this.db.prepare(`SELECT min(id) AS first, max(id) AS last, min(date) AS minDay, max(date) AS maxDay FROM sales_lines WHERE id >= ? AND batch_id = ?`)
      .get(this.firstLineId, this.batchId) as { first: number | null; last: number | null; minDay: number | null; maxDay: number | null };
    const range = { first: ids.first, last: ids.last, minDate: ids.minDay ? dayToIso(ids.minDay) : null, maxDate: ids.maxDay ? dayToIso(ids.maxDay) : null };
    const stock = this.db.prepare('SELECT min(date) AS minDate, max(date) AS maxDate FROM stock_movements WHERE batch_id = ?').get(this.batchId) as { minDate: string | null; maxDate: string | null };
    const minDate = [range.minDate, stock.minDate].filter(Boolean).sort()[0] ?? null;
    const maxDate = [range.maxDate, stock.maxDate].filter(Boolean).sort().at(-1) ?? null;
    this.db.prepare(`UPDATE import_batches SET rows_read = ?, rows_imported = ?, rows_duplicate = ?, rows_rejected = ?, date_order = ?,
      first_line_id = ?, last_line_id = ?, min_date = ?, max_date = ?, finished_at = ? WHERE id = ?`)
      .run(totals.rowsRead, this.imported + this.productInfo, this.duplicate, totals.rowsRejected, totals.dateOrder, range.first, range.last,
        minDate, maxDate, new Date().toISOString(), this.batchId);
    if (range.minDate && range.maxDate && this.imported > 0) this.summaries.write(this.db, range.minDate, range.maxDate, this.conflictDays);
    return { batchId: this.batchId, minDate: range.minDate, maxDate: range.maxDate };
  }
}

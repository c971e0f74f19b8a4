/**
 * The reading half of an import: file bytes -> decoded text -> CSV records ->
 * clean rows, packed into compact batches for the writing half. For a large file
 * it runs in its own worker thread (workers/parse-worker.ts), so parsing one
 * batch overlaps with SQLite writing the previous one; for a small file it runs
 * inline. The same generator serves both.
 */
import fs from 'node:fs';
import type { RejectedRow } from '../../common/api.js';
import { KIND } from '../store/kinds.js';
import { CsvFieldTooLarge, CsvScanner, type CsvRecord } from './csv.js';
import { ChunkDecoder, type EncodingGuess } from './decode.js';
import { ImportRefused } from './errors.js';
import { SummaryAccumulator, type AccLine, type PackedDays } from '../store/summary-accumulator.js';
import { LocalDimensions, type NewDimensions } from './dimensions.js';
import { keyAdd, keyAddNumber, keyEnd, keyStart } from './hash.js';
import { normalizeHeader, profileById } from './profiles.js';
import { RowReader, type ProductRow, type SalesLine, type StockRow } from './rows.js';
import { DateColumn, type DateOrder } from './values.js';
import { LINE, type PackedLine } from './line-fields.js';
import { addTo, emptyFileTally, rounded, type FileTally } from './tally.js';
import { CHARGE } from '../store/kinds.js';

const WIDTH = LINE.width;
/** The reason rows.ts gives a totals row: the reconciliation keeps its figures as the file's own totals. */
const TOTALS_ROW_REASON = 'a total row, not a sale';

/** Everything the reader needs, decided by the planner; plain data so it crosses to a worker. */
export interface ReadPlan {
  filePath: string;
  guess: EncodingGuess;
  delimiter: string;
  headerLine: number;
  headers: string[];
  profileId: string;
  columns: Record<string, number>;
  decimalComma: boolean;
  dateOrder: DateOrder;
  dateDecided: boolean;
  defaultStore: string;
}

export interface LineBatch {
  type: 'lines';
  count: number;
  /** LINE.width numbers per line, as described in line-fields.ts */
  nums: Float64Array;
  /** The dimension values these lines use for the first time. */
  dims: NewDimensions;
  /** Summaries of the days the file has left, added up here (null: none finished). */
  summaries: PackedDays | null;
}

export type ProducerMessage =
  | LineBatch
  | { type: 'products'; rows: ProductRow[] }
  | { type: 'stock'; rows: Array<StockRow & { line: number }> }
  | { type: 'rejects'; rows: RejectedRow[] }
  | { type: 'swap'; order: DateOrder }
  | { type: 'progress'; bytesRead: number; totalBytes: number; rows: number }
  | {
      type: 'end';
      rowsRead: number;
      rowsRejected: number;
      topReason: string | null;
      topReasonCount: number;
      unterminatedQuoteLine: number | null;
      dateOrder: DateOrder | null;
      switchedToLatin1: boolean;
      tally: FileTally;
      /** The currency most rows name in the file's currency column (ISO 4217), or null. */
      currency: string | null;
    };

const CHUNK_BYTES = 1 << 20;
const BATCH_LINES = 4096;
/**
 * The writer waits for the first batch: the file starts with small reads and
 * small batches, so that writing begins a few milliseconds in, not after a whole
 * chunk has been parsed by code that is not yet optimised.
 */
const FIRST_CHUNK_BYTES = 64 << 10;
const FIRST_BATCH_LINES = 256;
/** Rejected rows reported per import; the count stays exact beyond it. */
export const MAX_REJECTS_KEPT = 10_000;

/**
 * How many times each key was seen in the current group (a receipt, or a day).
 * Groups are small, so a linear scan of a typed array beats a Map of 53-bit
 * numbers (each key a heap number for the garbage collector); a big group falls
 * back to the Map.
 */
class GroupCounts {
  private keys = new Float64Array(64);
  private counts = new Int32Array(64);
  private size = 0;
  private big: Map<number, number> | null = null;

  clear(): void {
    this.size = 0;
    this.big = null;
  }

  /** Times `key` was seen before in this group; counts this sighting. */
  next(key: number): number {
    if (this.big) {
      const seen = this.big.get(key) ?? 0;
      this.big.set(key, seen + 1);
      return seen;
    }
    const keys = this.keys;
    for (let i = 0; i < this.size; i++) if (keys[i] === key) return this.counts[i]++;
    if (this.size === keys.length) {
      this.big = new Map();
      for (let i = 0; i < this.size; i++) this.big.set(keys[i], this.counts[i]);
      this.big.set(key, 1);
      return 0;
    }
    keys[this.size] = key;
    this.counts[this.size++] = 1;
    return 0;
  }
}

/** One reused object carries each line to the accumulator (no allocation per line). */
const scratch: AccLine = {
  day: 0,
  seconds: null,
  orderId: null,
  productId: 0,
  customerId: null,
  storeId: 0,
  kind: 0,
  charge: CHARGE.goods,
  quantity: 0,
  gross: 0,
  discount: 0,
  net: 0,
  cost: null,
  tax: null,
  collected: null,
};
/** One reused object carries each line to LINE.pack. */
const packed: PackedLine = {
  key: 0,
  fileLine: 0,
  day: 0,
  seconds: null,
  order: 0,
  product: 0,
  customer: -1,
  store: 0,
  kind: 0,
  quantity: 0,
  gross: 0,
  discount: 0,
  net: 0,
  cost: null,
  tax: null,
  collected: null,
  rowStart: 0,
};

export async function* produce(plan: ReadPlan): AsyncGenerator<ProducerMessage> {
  const profile = profileById(plan.profileId)!;
  const out: ProducerMessage[] = [];
  let nums = new Float64Array(BATCH_LINES * WIDTH);
  let count = 0;
  /** Lines per batch: FIRST_BATCH_LINES, doubling up to BATCH_LINES. */
  let batchLines = FIRST_BATCH_LINES;
  const dims = new LocalDimensions();
  const summaries = new SummaryAccumulator();
  /** Sends the lines so far, with the summaries of the days finished since the last batch (all of them at the end). */
  const flushLines = (end = false) => {
    const days = summaries.take(end);
    if (!count && !days) return;
    // The whole buffer is handed over (transferred, not copied); the writer uses `count` lines of it.
    out.push({ type: 'lines', count, nums, dims: dims.take(), summaries: days });
    nums = new Float64Array(BATCH_LINES * WIDTH);
    count = 0;
    batchLines = Math.min(BATCH_LINES, batchLines * 2);
  };
  let products: ProductRow[] = [];
  let stock: Array<StockRow & { line: number }> = [];
  let rejects: RejectedRow[] = [];
  let rowsRead = 0;
  let rowsRejected = 0;
  const reasons = new Map<string, number>();
  const tally = emptyFileTally();
  // The file's own currency column, where it has one (Shopify, Clover): counted per code, the most named wins.
  const currencyColumn = plan.columns.currency ?? -1;
  const currencies = new Map<string, number>();

  const dates =
    plan.columns.date !== undefined
      ? new DateColumn(plan.dateOrder, plan.dateDecided, (order) => {
          // Rows parsed so far go to the writer first, then the swap, in order. The figures
          // added up so far are on the old dates: the writer rebuilds the import's days with SQL.
          summaries.giveUp();
          flushLines();
          out.push({ type: 'swap', order });
        })
      : null;
  const reader = new RowReader(profile, plan.columns, plan.decimalComma, dates, plan.defaultStore);
  reader.setHeaders(plan.headers.map(normalizeHeader));
  const width = plan.headers.length;

  // Identical rows within one receipt (or one day) are distinct sales: number them while the group lasts.
  let groupKey: string | null = null;
  const groupSeen = new GroupCounts();

  /** A row the reader could not take: its amounts as far as they can be read, for the reconciliation. */
  const cellNumber = (rec: CsvRecord, field: string): number | null => {
    const i = plan.columns[field];
    if (i === undefined) return null;
    const v = rec.number(i, plan.decimalComma);
    return v === null || Number.isNaN(v) ? null : v;
  };
  const tallyRejected = (line: number, reason: string, rec: CsvRecord) => {
    const gross = cellNumber(rec, 'gross');
    const qty = cellNumber(rec, 'quantity');
    const unit = cellNumber(rec, 'unitPrice');
    const net =
      cellNumber(rec, 'net') ?? (gross !== null ? gross - Math.abs(cellNumber(rec, 'discount') ?? 0) : qty !== null && unit !== null ? qty * unit : null);
    const tax = cellNumber(rec, 'tax');
    const collected = cellNumber(rec, 'collected');
    if (reason === TOTALS_ROW_REASON) {
      tally.totalsRows.push({ line, net, tax, collected, quantity: qty });
      return;
    }
    tally.rejected.rows++;
    if (net === null) tally.rejected.unreadable++;
    addTo(tally.rejected.amounts, net ?? 0, tax ?? 0, collected ?? 0);
    addTo(tally.written, net ?? 0, tax ?? 0, collected ?? 0);
  };

  const reject = (line: number, reason: string, rec: CsvRecord) => {
    tallyRejected(line, reason, rec);
    rowsRejected++;
    const general = reason.replace(/"[^"]*"/g, '…');
    reasons.set(general, (reasons.get(general) ?? 0) + 1);
    if (rowsRejected <= MAX_REJECTS_KEPT) rejects.push({ line, reason, raw: rec.toArray().join(plan.delimiter).slice(0, 500) });
  };

  const addLines = (lines: SalesLine[], fileLine: number) => {
    const first = lines[0];
    const group = first.receipt ?? first.rawDate;
    if (group !== groupKey) {
      groupKey = group;
      groupSeen.clear();
    }
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      keyStart();
      keyAdd(l.rawDate);
      keyAdd(l.receipt ?? '');
      // The SKU names the product; the name only when there is no SKU (less to hash per line).
      keyAdd(l.sku ?? '');
      keyAdd(l.sku ? '' : l.product);
      keyAddNumber(l.quantity);
      keyAddNumber(l.unitPrice);
      keyAddNumber(l.net);
      keyAdd(l.customerKey ?? '');
      keyAdd(l.kind);
      keyAdd(l.store);
      keyAdd(l.part);
      const plain = keyEnd(0);
      const seen = groupSeen.next(plain);
      const key = seen ? keyEnd(seen) : plain;
      // A file with no receipt column: lines sold at the same moment to the same customer form one order.
      const receipt = l.receipt ?? (l.seconds !== null ? `auto:${l.date} ${l.seconds}|${l.customerKey ?? ''}` : `auto:${l.date}|line ${fileLine}`);
      const store = dims.store(l.store);
      const order = dims.order(store, receipt);
      const product = dims.product(l.sku ?? '', l.product, l.category ?? '', l.charge);
      const customer = l.customerKey ? dims.customer(l.customerKey, l.customerName ?? '', l.customerEmail ?? '', l.country ?? '') : -1;
      const kind = l.counted ? KIND[l.kind] : KIND.void;
      const p = packed;
      p.key = key;
      p.fileLine = fileLine;
      p.day = l.day;
      p.seconds = l.seconds;
      p.order = order;
      p.product = product;
      p.customer = customer;
      p.store = store;
      p.kind = kind;
      p.quantity = l.quantity;
      p.gross = l.gross;
      p.discount = l.discount;
      p.net = l.net;
      p.cost = l.cost;
      p.tax = l.tax;
      p.collected = l.collected;
      p.rowStart = i === 0 ? 1 : 0;
      LINE.pack(nums, count * WIDTH, p);

      // The reconciliation's account of this line (see tally.ts).
      addTo(tally.written, l.writtenNet, l.writtenTax, l.writtenCollected);
      if (!l.counted) {
        if (i === 0) tally.voided.rows++;
        addTo(tally.voided.amounts, l.writtenNet, l.writtenTax, l.writtenCollected);
      } else if (l.part !== '') {
        addTo(tally.derived, l.net, l.tax ?? 0, l.collected ?? 0);
      } else if (l.net !== l.writtenNet || (l.tax ?? 0) !== l.writtenTax || (l.collected ?? 0) !== l.writtenCollected) {
        addTo(tally.signs, l.net - l.writtenNet, (l.tax ?? 0) - l.writtenTax, (l.collected ?? 0) - l.writtenCollected);
      }

      const a = scratch;
      a.day = l.day;
      a.seconds = l.seconds;
      a.orderId = order;
      a.productId = product;
      a.customerId = customer < 0 ? null : customer;
      a.storeId = store;
      a.kind = kind;
      a.charge = l.charge;
      a.quantity = l.quantity;
      a.gross = l.gross;
      a.discount = l.discount;
      a.net = l.net;
      a.cost = l.cost;
      a.tax = l.tax;
      a.collected = l.collected;
      summaries.add(a);
      count++;
      if (count === batchLines) flushLines();
    }
  };

  const parser = new CsvScanner(plan.delimiter, (rec) => {
    const line = rec.line;
    if (line <= plan.headerLine) return;
    if (rec.count === 1 && rec.isBlank(0)) return; // blank line
    rowsRead++;
    if (currencyColumn >= 0) {
      const code = rec.get(currencyColumn)?.trim().toUpperCase();
      if (code && /^[A-Z]{3}$/.test(code)) currencies.set(code, (currencies.get(code) ?? 0) + 1);
    }
    if (
      rec.count > width + 2 &&
      rec
        .toArray()
        .slice(width)
        .some((f) => f.trim() !== '')
    ) {
      reject(line, `the row has ${rec.count} fields but the header has ${width} (an unquoted delimiter inside a value?)`, rec);
      return;
    }
    const r = reader.read(rec);
    switch (r.type) {
      case 'sales':
        addLines(r.lines, line);
        break;
      case 'product':
        products.push(r.row);
        break;
      case 'stock':
        for (const s of r.rows) stock.push({ ...s, line });
        break;
      case 'reject':
        reject(line, r.reason, rec);
        break;
      case 'skip':
        rowsRead--;
        break;
    }
  });

  // Rows the scanner could not read as records (a NUL byte, a field of megabytes): rejected with its reason, the rest read on.
  parser.onBadRecord = (b) => {
    if (b.line <= plan.headerLine) return;
    rowsRead++;
    rowsRejected++;
    reasons.set(b.reason, (reasons.get(b.reason) ?? 0) + 1);
    if (rowsRejected <= MAX_REJECTS_KEPT) rejects.push({ line: b.line, reason: b.reason, raw: b.raw });
  };

  const drain = function* (): Generator<ProducerMessage> {
    if (products.length) {
      out.push({ type: 'products', rows: products });
      products = [];
    }
    if (stock.length) {
      out.push({ type: 'stock', rows: stock });
      stock = [];
    }
    if (rejects.length) {
      out.push({ type: 'rejects', rows: rejects });
      rejects = [];
    }
    while (out.length) yield out.shift()!;
  };

  const decoder = new ChunkDecoder(plan.guess);
  const fh = await fs.promises.open(plan.filePath, 'r');
  const totalBytes = (await fh.stat()).size;
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let bytesRead = 0;
    for (;;) {
      const { bytesRead: n } = await fh.read(buf, 0, bytesRead ? CHUNK_BYTES : FIRST_CHUNK_BYTES, bytesRead);
      if (n === 0) break;
      bytesRead += n;
      parser.push(decoder.write(buf.subarray(0, n)));
      yield* drain();
      yield { type: 'progress', bytesRead, totalBytes, rows: rowsRead };
    }
    parser.push(decoder.end());
    parser.end();
  } catch (e) {
    if (e instanceof CsvFieldTooLarge) throw new ImportRefused(e.message);
    throw e;
  } finally {
    await fh.close();
  }
  flushLines(true);
  yield* drain();
  const [topReason, topReasonCount] = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  yield {
    type: 'end',
    rowsRead,
    rowsRejected,
    topReason,
    topReasonCount,
    unterminatedQuoteLine: parser.unterminatedQuoteLine,
    dateOrder: dates ? dates.order : null,
    switchedToLatin1: decoder.switchedToLatin1,
    currency: [...currencies.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
    tally: {
      ...tally,
      written: rounded(tally.written),
      signs: rounded(tally.signs),
      derived: rounded(tally.derived),
      rejected: { ...tally.rejected, amounts: rounded(tally.rejected.amounts) },
      voided: { ...tally.voided, amounts: rounded(tally.voided.amounts) },
    },
  };
}

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
import { CsvFieldTooLarge, CsvParser } from './csv.js';
import { ChunkDecoder, type EncodingGuess } from './decode.js';
import { ImportRefused } from './errors.js';
import { keyAdd, keyAddNumber, keyEnd, keyStart } from './hash.js';
import { normalizeHeader, profileById } from './profiles.js';
import { RowReader, type ProductRow, type SalesLine, type StockRow } from './rows.js';
import { DateColumn, type DateOrder } from './values.js';

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

/** Numbers per packed sales line (see packLine). */
export const NUMS = 12;
/** String fields per packed sales line; all of a batch's strings are joined by US (\x1f). */
export const STRS = 9;

export interface LineBatch {
  type: 'lines';
  count: number;
  /** day, seconds|NaN, quantity, gross, discount, net, cost|NaN, kind, isProduct(0/1), fileLine, key, rowStart(0/1) */
  nums: Float64Array;
  /** receipt, sku, product, category, customerKey, customerName, customerEmail, country, store; for every line */
  strs: string;
}

export type ProducerMessage =
  | LineBatch
  | { type: 'products'; rows: ProductRow[] }
  | { type: 'stock'; rows: Array<StockRow & { line: number }> }
  | { type: 'rejects'; rows: RejectedRow[] }
  | { type: 'swap'; order: DateOrder }
  | { type: 'progress'; bytesRead: number; totalBytes: number; rows: number }
  | { type: 'end'; rowsRead: number; rowsRejected: number; topReason: string | null; topReasonCount: number; unterminatedQuoteLine: number | null; dateOrder: DateOrder | null; switchedToLatin1: boolean };

const CHUNK_BYTES = 1 << 20;
const BATCH_LINES = 4096;
/** Rejected rows reported per import; the count stays exact beyond it. */
export const MAX_REJECTS_KEPT = 10_000;

const clean = (s: string | null) => (s === null ? '' : s.indexOf('\x1f') === -1 ? s : s.replace(/\x1f/g, ' '));

export async function* produce(plan: ReadPlan): AsyncGenerator<ProducerMessage> {
  const profile = profileById(plan.profileId)!;
  const out: ProducerMessage[] = [];
  let nums = new Float64Array(BATCH_LINES * NUMS);
  let strs: string[] = [];
  let count = 0;
  const flushLines = () => {
    if (!count) return;
    // The whole buffer is handed over (transferred, not copied); the reader uses `count` lines of it.
    out.push({ type: 'lines', count, nums, strs: strs.join('\x1f') });
    nums = new Float64Array(BATCH_LINES * NUMS);
    strs = [];
    count = 0;
  };
  let products: ProductRow[] = [];
  let stock: Array<StockRow & { line: number }> = [];
  let rejects: RejectedRow[] = [];
  let rowsRead = 0;
  let rowsRejected = 0;
  const reasons = new Map<string, number>();

  const dates = plan.columns.date !== undefined
    ? new DateColumn(plan.dateOrder, plan.dateDecided, (order) => {
        // Rows parsed so far go to the writer first, then the swap, in order.
        flushLines();
        out.push({ type: 'swap', order });
      })
    : null;
  const reader = new RowReader(profile, plan.columns, plan.decimalComma, dates, plan.defaultStore);
  reader.setHeaders(plan.headers.map(normalizeHeader));
  const width = plan.headers.length;

  // Identical rows within one receipt (or one day) are distinct sales: number them while the group lasts.
  let groupKey: string | null = null;
  const groupSeen = new Map<number, number>();

  const reject = (line: number, reason: string, fields: string[]) => {
    rowsRejected++;
    const general = reason.replace(/"[^"]*"/g, '…');
    reasons.set(general, (reasons.get(general) ?? 0) + 1);
    if (rowsRejected <= MAX_REJECTS_KEPT) rejects.push({ line, reason, raw: fields.join(plan.delimiter).slice(0, 500) });
  };

  const addLines = (lines: SalesLine[], fileLine: number) => {
    const first = lines[0]!;
    const group = first.receipt ?? first.rawDate;
    if (group !== groupKey) {
      groupKey = group;
      groupSeen.clear();
    }
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
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
      const seen = groupSeen.get(plain) ?? 0;
      groupSeen.set(plain, seen + 1);
      const key = seen ? keyEnd(seen) : plain;
      // A file with no receipt column: lines sold at the same moment to the same customer form one order.
      const receipt = l.receipt ?? (l.seconds !== null ? `auto:${l.date} ${l.seconds}|${l.customerKey ?? ''}` : `auto:${l.date}|line ${fileLine}`);
      const o = count * NUMS;
      nums[o] = l.day;
      nums[o + 1] = l.seconds ?? NaN;
      nums[o + 2] = l.quantity;
      nums[o + 3] = l.gross;
      nums[o + 4] = l.discount;
      nums[o + 5] = l.net;
      nums[o + 6] = l.cost ?? NaN;
      nums[o + 7] = l.counted ? KIND[l.kind] : KIND.void;
      nums[o + 8] = l.isProduct ? 1 : 0;
      nums[o + 9] = fileLine;
      nums[o + 10] = key;
      nums[o + 11] = i === 0 ? 1 : 0;
      strs.push(clean(receipt), clean(l.sku), clean(l.product), clean(l.category), clean(l.customerKey), clean(l.customerName), clean(l.customerEmail), clean(l.country), clean(l.store));
      count++;
      if (count === BATCH_LINES) flushLines();
    }
  };

  const parser = new CsvParser(plan.delimiter, (fields, line) => {
    if (line <= plan.headerLine) return;
    if (fields.length === 1 && fields[0]!.trim() === '') return; // blank line
    rowsRead++;
    if (fields.length > width + 2 && fields.slice(width).some((f) => f.trim() !== '')) {
      reject(line, `the row has ${fields.length} fields but the header has ${width} (an unquoted delimiter inside a value?)`, fields);
      return;
    }
    const r = reader.read(fields);
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
        reject(line, r.reason, fields);
        break;
      case 'skip':
        rowsRead--;
        break;
    }
  });

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
      const { bytesRead: n } = await fh.read(buf, 0, CHUNK_BYTES, bytesRead);
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
  flushLines();
  yield* drain();
  const [topReason, topReasonCount] = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  yield {
    type: 'end', rowsRead, rowsRejected, topReason, topReasonCount, unterminatedQuoteLine: parser.unterminatedQuoteLine,
    dateOrder: dates ? dates.order : null, switchedToLatin1: decoder.switchedToLatin1,
  };
}

/**
 * The import pipeline: one file, one transaction.
 *
 *   bytes ─▶ decode ─▶ CSV records ─▶ RowReader (profile semantics) ─▶ BatchWriter (SQLite)
 *   └──────────── produce.ts (worker thread for large files) ───────┘   writer.ts
 *
 * The file is read in chunks (memory is bounded by the chunk size, not the file
 * size) inside a single BEGIN IMMEDIATE … COMMIT: it lands whole or not at all,
 * and a process killed half-way leaves the database as it was (SQLite rolls the
 * WAL back on next open). Every sales line carries a content key, so a file
 * imported twice, or overlapping an earlier one, adds nothing the second time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportBatchResult, ImportOptions, ImportPreview, RejectedRow } from '../../common/api.js';
import { markImportRunning } from '../store/activity.js';
import { writeOnceIfAlone, type Db, type WriteOnce } from '../store/db.js';
import { CsvParser } from './csv.js';
import { ChunkDecoder, detectEncoding } from './decode.js';
import { ImportCancelled, ImportRefused, oneLine } from './errors.js';
import { normalizeHeader, profileById, type Profile } from './profiles.js';
import type { ProducerMessage, ReadPlan } from './produce.js';
import { readFile } from './producer-thread.js';
import { prestartReader, THREAD_MIN_BYTES } from './reader-thread.js';
import { chooseLayout, sniff, type Sniffed } from './sniff.js';
import { inferDateOrder, inferDecimalComma, type DateOrder } from './values.js';
import { BatchWriter } from './writer.js';
import { amountSources } from './tally.js';

export { ImportRefused, ImportCancelled } from './errors.js';

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ImportHooks {
  onProgress?(p: ImportProgress): void;
  signal?: AbortSignal;
  /** Overrides the file name recorded for the batch (uploads are stored under random names). */
  displayName?: string;
}

const HEAD_BYTES = 64 * 1024;
/** The head grows up to this size when it holds fewer than HEAD_ROWS line breaks. */
const MAX_HEAD_BYTES = 16 << 20;
const HEAD_ROWS = 4;

/** Line breaks in `buf`, counting up to `enough`. */
function lineBreaks(buf: Buffer, enough: number): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && n < enough; i = buf.indexOf(10, i + 1)) n++;
  return n;
}
/** Rejected rows returned in the result (the database keeps up to 10,000; the count is always exact). */
const MAX_REJECTS_RETURNED = 1_000;

interface Plan {
  encodingLabel: string;
  guess: ReturnType<typeof detectEncoding>;
  sniffed: Sniffed;
  profile: Profile;
  columns: Record<string, number>;
  mapping: Record<string, string>;
  decimalComma: boolean;
  dateOrder: DateOrder;
  dateDecided: boolean;
  signature: string;
  warnings: string[];
  /** The date column is written year first (2026-07-18): its order is not a question. */
  yearFirst: boolean;
}

/**
 * Values of one column from windows spread through the file (each window is
 * read from its first line break on). Cheap: 16 reads of 16 KB, whatever the size.
 */
function sampleColumnAcrossFile(
  filePath: string,
  size: number,
  guess: ReturnType<typeof detectEncoding>,
  delimiter: string,
  width: number,
  column: number,
): string[] {
  const values: string[] = [];
  const fd = fs.openSync(filePath, 'r');
  try {
    const windows = 16;
    const buf = Buffer.alloc(16 * 1024);
    for (let w = 1; w <= windows; w++) {
      let offset = Math.floor((size * w) / (windows + 1));
      if (guess.encoding.startsWith('utf-16')) offset -= offset % 2;
      const n = fs.readSync(fd, buf, 0, buf.length, offset);
      const text = new ChunkDecoder({ ...guess, bom: 0 }).write(buf.subarray(0, n));
      const body = text.slice(text.indexOf('\n') + 1, text.lastIndexOf('\n') + 1);
      const parser = new CsvParser(delimiter, (fields) => {
        if (fields.length === width) values.push(fields[column] ?? '');
      });
      try {
        parser.push(body);
      } catch {
        /* a window inside a huge field: skip it */
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return values;
}

function fileSize(filePath: string): number {
  try {
    return fs.statSync(filePath).size;
  } catch {
    return 0; // plan() then says what is wrong with the file
  }
}

function readHead(filePath: string): { head: Buffer; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(filePath, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportRefused(
      code === 'ENOENT' ? `no such file: ${filePath}` : code === 'EISDIR' ? `${filePath} is a folder, not a file` : `cannot open ${filePath} (${code})`,
    );
  }
  try {
    const size = fs.fstatSync(fd).size;
    let head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    fs.readSync(fd, head, 0, head.length, 0);
    // A very wide table (thousands of columns) has no whole row in 64 KB: read on until a few rows are in.
    while (head.length < size && head.length < MAX_HEAD_BYTES && lineBreaks(head, HEAD_ROWS) < HEAD_ROWS) {
      head = Buffer.alloc(Math.min(size, head.length * 4, MAX_HEAD_BYTES));
      fs.readSync(fd, head, 0, head.length, 0);
    }
    return { head, size };
  } finally {
    fs.closeSync(fd);
  }
}

/** Header signature under which a confirmed mapping is remembered. */
function headerSignature(headers: string[]): string {
  return headers.map(normalizeHeader).join('|');
}

function savedMapping(
  db: Db,
  signature: string,
): { mapping: Record<string, string>; profile: string; dateOrder: string | null; decimalSep: string | null } | undefined {
  const row = db.prepare('SELECT profile, mapping_json, date_order, decimal_sep FROM import_mappings WHERE signature = ?').get(signature) as
    { profile: string; mapping_json: string; date_order: string | null; decimal_sep: string | null } | undefined;
  return (
    row && { mapping: JSON.parse(row.mapping_json) as Record<string, string>, profile: row.profile, dateOrder: row.date_order, decimalSep: row.decimal_sep }
  );
}

/** "the 3 columns: A, B, C" — the first twelve, and how many there are. */
function columnList(headers: string[]): string {
  return `the ${headers.length.toLocaleString('en')} columns: ${headers.slice(0, 12).join(', ')}${headers.length > 12 ? ', …' : ''}`;
}

/** Everything decided before the first row is written. */
function plan(db: Db, filePath: string, options: ImportOptions): Plan {
  const { head, size } = readHead(filePath);
  const guess = detectEncoding(head);
  const decoder = new ChunkDecoder(guess);
  const headText = decoder.write(head) + (head.length === size ? decoder.end() : '');
  const sniffed = sniff(headText, head.length === size);
  const signature = headerSignature(sniffed.headers);
  const saved = options.mapping ? undefined : savedMapping(db, signature);
  let forced: Profile | undefined;
  const profileId = options.profile ?? saved?.profile;
  if (profileId) {
    forced = profileById(profileId);
    if (!forced) throw new ImportRefused(`unknown profile "${profileId}"`);
  }
  const layout = chooseLayout(sniffed, forced, options.mapping ?? saved?.mapping);
  const { profile, columns } = layout;
  const warnings: string[] = [];

  if (profile.kind === 'sales') {
    if (columns.date === undefined) throw new ImportRefused(`could not find a date column among ${columnList(sniffed.headers)}`);
    if (profile.semantics !== 'unitemised' && columns.net === undefined && columns.gross === undefined && columns.unitPrice === undefined) {
      throw new ImportRefused(`could not find an amount column (price, gross or net sales) among ${columnList(sniffed.headers)}`);
    }
  }
  const numericCols = ['quantity', 'unitPrice', 'gross', 'discount', 'net', 'tax', 'collected', 'cost', 'price', 'onHand', 'received']
    .map((f) => columns[f])
    .filter((i): i is number => i !== undefined);
  const decimalComma = options.decimalSeparator
    ? options.decimalSeparator === ','
    : saved?.decimalSep
      ? saved.decimalSep === ','
      : inferDecimalComma(sniffed.sample.flatMap((r) => numericCols.map((i) => r.fields[i] ?? '')));
  let dateOrder: DateOrder = profile.dateOrder;
  let dateDecided = false;
  if (options.dateOrder) {
    dateOrder = options.dateOrder;
    dateDecided = true;
  } else if (saved?.dateOrder === 'MDY' || saved?.dateOrder === 'DMY' || saved?.dateOrder === 'YMD') {
    dateOrder = saved.dateOrder;
  } else if (columns.date !== undefined) {
    const fallback = sniffed.delimiter === ';' || decimalComma ? 'DMY' : profile.dateOrder;
    let inferred = inferDateOrder(
      sniffed.sample.map((r) => r.fields[columns.date] ?? ''),
      fallback,
    );
    if (!inferred.decided && size > head.length) {
      // The head can't tell (an export starting on the 1st to 12th of a month): look further into the file.
      inferred = inferDateOrder(sampleColumnAcrossFile(filePath, size, guess, sniffed.delimiter, sniffed.headers.length, columns.date), fallback);
    }
    dateOrder = inferred.order;
    dateDecided = inferred.decided;
  }
  const mapping: Record<string, string> = {};
  for (const [field, idx] of Object.entries(columns)) mapping[field] = sniffed.headers[idx] ?? '';
  const dateSample = columns.date === undefined ? [] : sniffed.sample.map((r) => (r.fields[columns.date] ?? '').trim()).filter(Boolean);
  const yearFirst = dateSample.length > 0 && dateSample.every((v) => /^\d{4}[-/.]/.test(v));
  return { encodingLabel: guess.label, guess, sniffed, profile, columns, mapping, decimalComma, dateOrder, dateDecided, signature, warnings, yearFirst };
}

function toReadPlan(p: Plan, filePath: string, options: ImportOptions): ReadPlan {
  return {
    filePath,
    guess: p.guess,
    delimiter: p.sniffed.delimiter,
    headerLine: p.sniffed.headerLine,
    headers: p.sniffed.headers,
    profileId: p.profile.id,
    columns: p.columns,
    decimalComma: p.decimalComma,
    dateOrder: p.dateOrder,
    dateDecided: p.dateDecided,
    defaultStore: options.store ?? 'Main store',
  };
}

/**
 * From this size on an import writes its pages once (writeOnceIfAlone). Below
 * it the WAL costs no more: measured equal at 1 and 5 MB, about 0.3 s less
 * with the rollback journal at 46 MB.
 */
export const WRITE_ONCE_MIN_BYTES = 8 << 20;

/**
 * Imports one file. Resolves with the batch report; rejects with ImportRefused
 * (nothing written) when no row of the file can be imported.
 */
export async function importFile(db: Db, filePath: string, options: ImportOptions = {}, hooks: ImportHooks = {}): Promise<ImportBatchResult> {
  return runImport(db, filePath, options, hooks, true);
}

async function runImport(db: Db, filePath: string, options: ImportOptions, hooks: ImportHooks, ownTransaction: boolean): Promise<ImportBatchResult> {
  const totalBytes = fileSize(filePath);
  // The reading thread of a large file loads its code while the import is planned.
  if (totalBytes >= THREAD_MIN_BYTES) prestartReader();
  const p = plan(db, filePath, options);
  const fileName = hooks.displayName ?? path.basename(filePath);
  const startedAt = new Date().toISOString();
  const readPlan = toReadPlan(p, filePath, options);

  let writeOnce: WriteOnce | null = null;
  let committed = false;
  let unmark = () => {};
  try {
    // A big file is one big transaction: written once, not through the WAL, when nobody else has the database open.
    if (ownTransaction && totalBytes >= WRITE_ONCE_MIN_BYTES) writeOnce = writeOnceIfAlone(db);
    if (ownTransaction) db.exec('BEGIN IMMEDIATE');
    // Held: programs that find the database busy meanwhile can say that an import is running, and of what (activity.ts).
    if (ownTransaction) unmark = markImportRunning(db.name, fileName, writeOnce?.active ?? false);
    const writer = new BatchWriter(db, {
      fileName,
      filePath: hooks.displayName ? null : path.resolve(filePath),
      fileSize: totalBytes,
      profile: p.profile,
      encoding: p.encodingLabel,
      delimiter: p.sniffed.delimiter,
      mapping: p.mapping,
      isSample: !!options.sample,
      startedAt,
    });
    const rejected: RejectedRow[] = [];
    let end: Extract<ProducerMessage, { type: 'end' }> | undefined;
    for await (const m of readFile(readPlan, totalBytes)) {
      if (hooks.signal?.aborted) throw new ImportCancelled();
      switch (m.type) {
        case 'lines':
          writer.addBatch(m);
          break;
        case 'products':
          for (const r of m.rows) writer.addProduct(r);
          break;
        case 'stock':
          for (const r of m.rows) writer.addStock(r);
          break;
        case 'rejects':
          for (const r of m.rows) {
            r.reason = oneLine(r.reason); // a reason quoting a cell with a line break in it
            writer.reject(r.line, r.reason, r.raw);
            if (rejected.length < MAX_REJECTS_RETURNED) rejected.push(r);
          }
          break;
        case 'swap':
          writer.swapDayMonth();
          break;
        case 'progress':
          hooks.onProgress?.({ bytesRead: m.bytesRead, totalBytes: m.totalBytes, rows: m.rows });
          break;
        case 'end':
          end = m;
          // The file is read; while the last batches and the summaries are written, the disk takes what SQLite has written so far.
          writeOnce?.flushSoFar();
          break;
      }
    }
    if (!end) throw new Error('the reader stopped before the end of the file');
    const stats = writer.counts();
    if (end.rowsRead === 0) throw new ImportRefused('the file has a header but no data rows');
    if (stats.imported + stats.duplicate === 0) {
      if (end.unterminatedQuoteLine !== null && end.rowsRead <= 2) {
        throw new ImportRefused(
          `a quoted field that starts on line ${end.unterminatedQuoteLine} is never closed, so it swallows the rest of the file; check for a stray " character`,
        );
      }
      const example = rejected[0];
      const what = end.topReasonCount === end.rowsRead ? 'every row' : `${end.topReasonCount} of them`;
      throw new ImportRefused(
        `none of the ${end.rowsRead} rows could be read (${what}: ${end.topReason}${example ? `; line ${example.line}: ${example.reason}` : ''})`,
      );
    }
    const dateOrder = end.dateOrder === null ? null : p.yearFirst ? 'YMD' : end.dateOrder;
    const tally = { version: 1 as const, file: end.tally, sources: amountSources(p.profile.semantics, p.mapping) };
    const result = writer.complete({ rowsRead: end.rowsRead, rowsRejected: end.rowsRejected, dateOrder, currency: end.currency, tally });
    // Remember how this layout was read, so the next file with the same header is read the same way.
    db.prepare(
      `INSERT INTO import_mappings(signature, profile, mapping_json, date_order, decimal_sep, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(signature) DO UPDATE SET profile = excluded.profile, mapping_json = excluded.mapping_json, date_order = excluded.date_order, decimal_sep = excluded.decimal_sep, updated_at = excluded.updated_at`,
    ).run(p.signature, p.profile.id, JSON.stringify(p.mapping), end.dateOrder, p.decimalComma ? ',' : '.', new Date().toISOString());
    if (ownTransaction) db.exec('COMMIT');
    committed = true;
    return {
      batchId: String(writer.batchId),
      file: fileName,
      profile: p.profile.id,
      profileName: p.profile.name,
      sourceKind: p.profile.kind,
      encoding: p.encodingLabel + (end.switchedToLatin1 ? ' → Windows-1252' : ''),
      delimiter: p.sniffed.delimiter,
      dateOrder,
      rowsRead: end.rowsRead,
      rowsImported: stats.imported,
      rowsDuplicate: stats.duplicate,
      rowsRejected: end.rowsRejected,
      rowsNotCounted: stats.notCounted,
      rejected,
      minDate: result.minDate,
      maxDate: result.maxDate,
    };
  } finally {
    if (ownTransaction && !committed && db.inTransaction) db.exec('ROLLBACK');
    unmark();
    writeOnce?.backToWal();
  }
}

/**
 * What an import would do, without writing: layout, mapping, the first rows as
 * they will be read and whether each is new, a duplicate or rejected.
 */
export async function previewFile(
  db: Db,
  filePath: string,
  options: ImportOptions = {},
  maxRows = 20,
  hooks: Pick<ImportHooks, 'onProgress' | 'signal'> = {},
): Promise<ImportPreview> {
  const p = plan(db, filePath, options);
  // Run the real import inside a savepoint and roll it back: the preview is exactly what commit will do.
  const sampleOut: ImportPreview['sample'] = [];
  let result: ImportBatchResult | undefined;
  let refused: string | undefined;
  db.exec('SAVEPOINT preview');
  try {
    // A big file takes as long as its import: progress is reported, and a cancel rolls the savepoint back between batches.
    result = await runImport(db, filePath, options, hooks, false);
    const firstId = db.prepare('SELECT first_line_id FROM import_batches WHERE id = ?').pluck().get(Number(result.batchId)) as number | null;
    const rows = db
      .prepare(
        `SELECT file_line AS line, date, receipt, product, quantity, net, kind
      FROM sales_lines_readable WHERE id >= ? ORDER BY id LIMIT ?`,
      )
      .all(firstId ?? Number.MAX_SAFE_INTEGER, maxRows) as Array<{
      line: number;
      date: string;
      receipt: string | null;
      product: string;
      quantity: number;
      net: number;
      kind: string;
    }>;
    for (const r of rows)
      sampleOut.push({
        line: r.line,
        status: 'new',
        date: r.date,
        receipt: r.receipt ?? undefined,
        product: r.product,
        quantity: r.quantity,
        net: r.net,
        kind: r.kind,
      });
    for (const r of result.rejected.slice(0, maxRows)) sampleOut.push({ line: r.line, status: 'rejected', reason: r.reason });
    sampleOut.sort((a, b) => a.line - b.line);
  } catch (e) {
    if (e instanceof ImportRefused) refused = e.message;
    else throw e;
  } finally {
    db.exec('ROLLBACK TO preview');
    db.exec('RELEASE preview');
  }
  if (refused) throw new ImportRefused(refused);
  const r = result!;
  return {
    file: path.basename(filePath),
    profile: p.profile.id,
    profileName: p.profile.name,
    sourceKind: p.profile.kind,
    encoding: r.encoding,
    delimiter: p.sniffed.delimiter,
    headerLine: p.sniffed.headerLine,
    headers: p.sniffed.headers,
    mapping: p.mapping,
    dateOrder: r.dateOrder,
    decimalSeparator: p.decimalComma ? ',' : '.',
    sample: sampleOut.slice(0, maxRows),
    counts: { rows: r.rowsRead, new: r.rowsImported, duplicate: r.rowsDuplicate, rejected: r.rowsRejected },
    warnings: p.warnings,
  };
}

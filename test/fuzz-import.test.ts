/**
 * Fuzzing the importer with fast-check over generated CSV files: random
 * layouts, encodings (UTF-8 with and without BOM, UTF-16LE, Windows-1252),
 * delimiters, quoting (delimiters, quotes and line breaks inside fields),
 * mixed date orders, truncations, random bytes spliced in, NUL bytes and
 * huge fields. For every file:
 *  - no crash and no hang: importFile resolves, or rejects with ImportRefused
 *    whose message is one clear line; nothing else is acceptable;
 *  - never a partial batch: imported + duplicate + rejected = read, the lines
 *    the database gained are exactly the batch's (contiguous ids), and the
 *    summaries equal the lines summed independently;
 *  - a refused file changes nothing (digest of every table before and after).
 * The seed is printed, and fixed in CI with FC_SEED; a failure prints the seed
 * and the shrunk counterexample.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { importFile, ImportRefused } from '../core/import/pipeline.js';
import { openDb } from '../core/store/db.js';
import { checkSummaries, digest } from './helpers/consistency.js';
import { tempDir } from './helpers/import-fixtures.js';

const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FC_RUNS ?? (process.env.TILLSIGHT_LONG_TESTS === '1' ? 250 : 60));
console.log(`# fuzz: seed ${SEED}, ${RUNS} runs (replay with FC_SEED=${SEED})`);
const HANG_MS = 20_000;

type Layout = 'uci' | 'generic' | 'square' | 'random';
const HEADERS: Record<Exclude<Layout, 'random'>, string[]> = {
  uci: ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'],
  generic: ['Date', 'Item', 'Qty', 'Amount', 'Customer'],
  square: [
    'Date',
    'Time',
    'Category',
    'Item',
    'Qty',
    'Price Point Name',
    'SKU',
    'Modifiers Applied',
    'Gross Sales',
    'Discounts',
    'Net Sales',
    'Tax',
    'Transaction ID',
    'Payment ID',
    'Device Name',
    'Notes',
    'Details',
    'Event Type',
    'Location',
    'Dining Option',
    'Customer ID',
    'Customer Name',
    'Customer Reference ID',
    'Unit',
    'Count',
    'Itemization Type',
  ],
};

const text = fc.string({
  unit: fc.constantFrom('a', 'B', ' ', ',', ';', '"', '\n', '\r', '\t', '|', 'é', '€', '日', '0', '9', '.', '-', '/', '\0'),
  maxLength: 24,
});
const dateOf = (y: number, m: number, d: number, order: number, sep: string) =>
  order === 0 ? `${m}${sep}${d}${sep}${y}` : order === 1 ? `${d}${sep}${m}${sep}${y}` : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const dateIn = (m: fc.Arbitrary<number>, d: fc.Arbitrary<number>) =>
  fc
    .record({ y: fc.integer({ min: 2009, max: 2027 }), m, d, order: fc.nat(2), sep: fc.constantFrom('/', '-', '.') })
    .map(({ y, m, d, order, sep }) => dateOf(y, m, d, order, sep));
/** Mostly real days, in the three orders (so a file mixes them), sometimes impossible ones. */
const date = fc.oneof(
  { weight: 8, arbitrary: dateIn(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })) },
  { weight: 1, arbitrary: dateIn(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })) },
);
const money = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -50, max: 500, noNaN: true }).map((v) => v.toFixed(2)) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.double({ min: -500, max: 5000, noNaN: true }).map((v) => v.toFixed(2)),
      fc.constantFrom('$1,234.56', '(33.62)', '-$7.00', '1.234,56', '', 'abc', '12'),
    ),
  },
);
const cell = (header: string) => {
  const h = header.toLowerCase();
  if (/date/.test(h)) return fc.oneof({ weight: 12, arbitrary: date }, { weight: 1, arbitrary: text });
  if (/time/.test(h)) return fc.constantFrom('10:15', '23:59:59', '', '25:61');
  if (/qty|quantity|count/.test(h)) return fc.oneof(fc.integer({ min: -5, max: 40 }).map(String), fc.constantFrom('', 'six', '1.5'));
  if (/price|amount|sales|discount|tax/.test(h)) return money;
  if (/invoice|transaction/.test(h)) return fc.oneof(fc.integer({ min: 500000, max: 500050 }).map(String), fc.constantFrom('C500001', 'A1'));
  return text;
};

interface Spec {
  layout: Layout;
  headers: string[];
  rows: string[][];
  delimiter: string;
  quoteAll: boolean;
  encoding: 'utf8' | 'utf8bom' | 'utf16le' | 'latin1';
  lineEnd: string;
  mutation:
    | { kind: 'none' }
    | { kind: 'truncate'; at: number }
    | { kind: 'splice'; at: number; bytes: Uint8Array }
    | { kind: 'huge'; row: number; mb: number; quoted: boolean; closes: boolean };
}

const spec: fc.Arbitrary<Spec> = fc.constantFrom<Layout>('uci', 'uci', 'generic', 'generic', 'square', 'random').chain((layout) => {
  const headers =
    layout === 'random'
      ? fc.array(
          text.filter((t) => t.length > 0),
          { minLength: 1, maxLength: 8 },
        )
      : fc.constant(HEADERS[layout]);
  return headers.chain((hs) =>
    fc.record({
      layout: fc.constant(layout),
      headers: fc.constant(hs),
      rows: fc.array(fc.tuple(...hs.map(cell)), { maxLength: 40 }),
      delimiter: fc.constantFrom(',', ';', '\t', '|'),
      quoteAll: fc.boolean(),
      encoding: fc.constantFrom('utf8', 'utf8bom', 'utf16le', 'latin1'),
      lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
      mutation: fc.oneof(
        { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('splice' as const),
            at: fc.double({ min: 0, max: 1, noNaN: true }),
            bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('huge' as const),
            row: fc.nat(40),
            mb: fc.integer({ min: 1, max: 6 }),
            quoted: fc.boolean(),
            closes: fc.boolean(),
          }),
        },
      ),
    }),
  );
});

function quote(v: string, d: string, all: boolean): string {
  return all || v.includes(d) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function render(s: Spec): Buffer {
  const lines = [s.headers, ...s.rows].map((r) => r.map((v) => quote(v, s.delimiter, s.quoteAll)).join(s.delimiter));
  let body = lines.join(s.lineEnd) + s.lineEnd;
  if (s.mutation.kind === 'huge') {
    const at = Math.min(s.mutation.row + 1, lines.length);
    const big = 'H'.repeat(s.mutation.mb << 20);
    const field = s.mutation.quoted ? `"${big}${s.mutation.closes ? '"' : ''}` : big;
    body = [...lines.slice(0, at), `${field}${s.delimiter}x`, ...lines.slice(at)].join(s.lineEnd) + s.lineEnd;
  }
  let bytes =
    s.encoding === 'utf16le'
      ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')])
      : s.encoding === 'latin1'
        ? Buffer.from(body, 'latin1')
        : s.encoding === 'utf8bom'
          ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')])
          : Buffer.from(body, 'utf8');
  if (s.mutation.kind === 'truncate') bytes = bytes.subarray(0, Math.floor(bytes.length * s.mutation.at));
  if (s.mutation.kind === 'splice') {
    const at = Math.floor(bytes.length * s.mutation.at);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(s.mutation.bytes), bytes.subarray(at)]);
  }
  return bytes;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: ${what} took over ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

describe('fuzzing the importer', () => {
  it(`generated files: no crash, no hang, no partial batch, always a clear message (seed ${SEED})`, { timeout: 1_800_000 }, async () => {
    const dir = tempDir('tillsight-fuzz-');
    const db = openDb(path.join(dir, 'fuzz.db'));
    let n = 0;
    const outcomes = { imported: 0, refused: 0 };
    try {
      await fc
        .assert(
          fc.asyncProperty(spec, async (s) => {
            const file = path.join(dir, `f${n++ % 4}.csv`);
            fs.writeFileSync(file, render(s));
            const before = digest(db);
            const linesBefore = db.prepare('SELECT count(*) FROM sales_lines').pluck().get() as number;
            let result;
            try {
              result = await withTimeout(importFile(db, file), HANG_MS, `importing a ${s.layout} file`);
            } catch (e) {
              if (!(e instanceof ImportRefused)) throw e; // a crash: anything but a refusal
              outcomes.refused++;
              assert.ok(e.message.length >= 12 && !/[\r\n]/.test(e.message), `one clear line: ${JSON.stringify(e.message)}`);
              assert.doesNotMatch(e.message, /undefined|NaN|\[object/);
              assert.equal(db.inTransaction, false);
              assert.equal(digest(db), before, 'a refused file changes nothing');
              return;
            }
            outcomes.imported++;
            const r = result;
            assert.equal(
              r.rowsImported + r.rowsDuplicate + r.rowsRejected,
              r.rowsRead,
              `counts add up: ${JSON.stringify({ ...r, rejected: r.rejected.length })}`,
            );
            assert.ok(r.rowsNotCounted <= r.rowsImported);
            for (const x of r.rejected)
              assert.ok(x.reason.length > 0 && !/[\r\n]/.test(x.reason) && !/undefined|NaN/.test(x.reason), `reason: ${JSON.stringify(x.reason)}`);
            const b = db
              .prepare('SELECT first_line_id AS f, last_line_id AS l, rows_imported AS i FROM import_batches WHERE id = ?')
              .get(Number(r.batchId)) as { f: number | null; l: number | null; i: number };
            assert.equal(b.i, r.rowsImported);
            const gained = (db.prepare('SELECT count(*) FROM sales_lines').pluck().get() as number) - linesBefore;
            const inBatch = b.f === null ? 0 : b.l! - b.f + 1;
            assert.equal(gained, inBatch, 'the lines gained are exactly the batch');
            if (b.f !== null) assert.equal(db.prepare('SELECT count(*) FROM sales_lines WHERE id BETWEEN ? AND ?').pluck().get(b.f, b.l), inBatch);
            if (r.sourceKind === 'sales') assert.ok(inBatch >= r.rowsImported, 'every imported row made at least one line');
            checkSummaries(db, `after the ${s.layout} file`);
          }),
          { seed: SEED, numRuns: RUNS },
        )
        .catch((e: unknown) => {
          // node:test does not print an error's cause: put the property's own failure in the message.
          const cause = (e as { cause?: unknown }).cause;
          throw new Error(`${(e as Error).message}\nFailure: ${cause instanceof Error ? cause.stack : String(cause)}`);
        });
    } finally {
      db.close();
    }
    console.log(`# fuzz outcomes: ${outcomes.imported} imported, ${outcomes.refused} refused`);
    assert.ok(outcomes.imported > 0 && outcomes.refused > 0, 'the generator reaches both outcomes');
  });
});

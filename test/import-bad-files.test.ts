/**
 * Files the importer must refuse, through the real command line
 * (`node bin/tillsight.js import FILE --db DB`, as a child process):
 * exit code 1, exactly one non-empty line on stderr that says what is wrong (no stack
 * trace), and the database left exactly as it was. The database is first given real
 * content (a good import) so that "unchanged" means something.
 *
 * Then a partly bad file: its good rows are imported and its bad rows are listed with
 * their physical line numbers (the header is line 1; a quoted field spanning two lines
 * makes physical lines and record numbers differ) and a reason.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImportBatchResult } from '../common/api.js';
import type { Db } from '../core/store/db.js';
import {
  allTimeKpis,
  assertMoney,
  assertOneLineError,
  assertQty,
  bad,
  cliMissing,
  dbSnapshot,
  importerMissing,
  layout,
  loadImporter,
  runCli,
  tempDbPath,
  tempDir,
  type Importer,
} from './helpers/import-fixtures.js';

interface BadFile {
  name: string;
  /** Absolute path; some files are generated at test time. */
  file: () => string;
  why: string;
}

/** A 20 MB description field on the only data row: generated, never committed. */
function hugeFieldFile(): string {
  const file = path.join(tempDir('tillsight-huge-'), 'huge-field.csv');
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,');
    const chunk = Buffer.alloc(1024 * 1024, 'A');
    for (let i = 0; i < 20; i++) fs.writeSync(fd, chunk);
    fs.writeSync(fd, ',6,12/1/2010 8:26,2.55,17850.0,United Kingdom\n');
  } finally {
    fs.closeSync(fd);
  }
  return file;
}
let hugeFile: string | undefined;

const BAD_FILES: BadFile[] = [
  { name: 'empty.csv', file: () => bad('empty.csv'), why: '0 bytes' },
  { name: 'header-only.csv', file: () => bad('header-only.csv'), why: 'an Online Retail header and no rows' },
  { name: 'photo-of-receipt.png', file: () => bad('photo-of-receipt.png'), why: 'PNG signature + junk' },
  { name: 'export-zipped.csv', file: () => bad('export-zipped.csv'), why: 'a ZIP archive renamed .csv' },
  { name: 'sales-report.xlsx', file: () => bad('sales-report.xlsx'), why: 'an .xlsx-like zip that is truncated junk' },
  { name: 'random-bytes.csv', file: () => bad('random-bytes.csv'), why: '4 KiB of noise' },
  { name: 'orders.json', file: () => bad('orders.json'), why: 'JSON, not a table' },
  { name: 'shopping-list.txt', file: () => bad('shopping-list.txt'), why: 'a single column of words' },
  { name: 'unreadable-dates.csv', file: () => bad('unreadable-dates.csv'), why: 'every date is unreadable (########, soon, 31/31/2010 25:61, ?, #VALUE!)' },
  { name: 'unterminated-quote.csv', file: () => bad('unterminated-quote.csv'), why: 'a quote opened on the first row swallows the file' },
  { name: 'huge-field.csv (20 MB, generated)', file: () => (hugeFile ??= hugeFieldFile()), why: 'one absurd 20 MB field' },
];

describe('bad files are refused by the CLI, and leave the database alone', { skip: cliMissing() ?? false }, () => {
  const dbFile = tempDbPath();

  before(() => {
    // A database with real content: the Online Retail II fixture (12 rows).
    const r = runCli(['import', layout('online_retail_II.csv'), '--db', dbFile, '--json']);
    assert.equal(r.status, 0, `the good import must succeed: ${r.stderr}`);
  });

  it('a good file through the CLI: --json reports the batch', () => {
    const db2 = tempDbPath();
    const r = runCli(['import', layout('Online Retail.csv'), '--db', db2, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { batches: ImportBatchResult[] };
    assert.equal(out.batches.length, 1);
    const b = out.batches[0];
    assert.equal(b.profile, 'online-retail');
    assert.equal(b.rowsRead, 16);
    assert.equal(b.rowsImported, 16);
    assert.equal(b.rowsDuplicate, 0);
    assert.equal(b.rowsRejected, 0);
    assert.deepEqual(b.rejected, []);
    assert.ok(typeof b.batchId === 'string' || typeof b.batchId === 'number', 'batchId');
    assert.ok(String(b.file).endsWith('Online Retail.csv'), `file: ${b.file}`);
    // The same file again: all duplicates, still exit 0.
    const again = runCli(['import', layout('Online Retail.csv'), '--db', db2, '--json']);
    assert.equal(again.status, 0, again.stderr);
    const b2 = (JSON.parse(again.stdout) as { batches: ImportBatchResult[] }).batches[0];
    assert.equal(b2.rowsImported, 0);
    assert.equal(b2.rowsDuplicate, 16);
  });

  for (const f of BAD_FILES) {
    it(`refuses ${f.name}: ${f.why}`, { timeout: 180_000 }, () => {
      const before = dbSnapshot(dbFile);
      const r = runCli(['import', f.file(), '--db', dbFile]);
      assert.equal(r.status, 1, `exit code (stderr: ${r.stderr.slice(0, 500)})`);
      assertOneLineError(r.stderr, f.name);
      assert.deepEqual(dbSnapshot(dbFile), before, 'the database is unchanged');
    });
  }

  it('refuses with --json too, still one line on stderr', () => {
    const before = dbSnapshot(dbFile);
    const r = runCli(['import', bad('orders.json'), '--db', dbFile, '--json']);
    assert.equal(r.status, 1);
    assertOneLineError(r.stderr, 'orders.json --json');
    assert.deepEqual(dbSnapshot(dbFile), before, 'the database is unchanged');
  });
});

describe('bad files are refused by importFile() with ImportRefused', { skip: importerMissing() ?? false }, () => {
  let imp: Importer;
  let db: Db;
  before(async () => {
    imp = await loadImporter();
    db = imp.openDb(tempDbPath());
    await imp.importFile(db, layout('online_retail_II.csv'));
  });
  after(() => db?.close());

  for (const f of BAD_FILES) {
    it(`importFile(${f.name}) throws ImportRefused with a one-line message`, { timeout: 180_000 }, async () => {
      const lines = (db.prepare('SELECT count(*) AS n FROM sales_lines').get() as { n: number }).n;
      const batches = (db.prepare('SELECT count(*) AS n FROM import_batches').get() as { n: number }).n;
      await assert.rejects(imp.importFile(db, f.file()), (err: unknown) => {
        assert.ok(err instanceof imp.ImportRefused, `expected ImportRefused, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
        assert.ok(err.message.length > 0 && !/[\r\n]/.test(err.message), `one line: ${JSON.stringify(err.message)}`);
        return true;
      });
      assert.equal((db.prepare('SELECT count(*) AS n FROM sales_lines').get() as { n: number }).n, lines, 'sales_lines unchanged');
      assert.equal((db.prepare('SELECT count(*) AS n FROM import_batches').get() as { n: number }).n, batches, 'import_batches unchanged');
    });
  }
});

// partly-bad.csv, physical lines (header = line 1):
//   2  600001 REGENCY CAKESTAND   2 × 12.75 = 25.50   good
//   3  600001 "SET OF 3 CAKE TINS  (quoted field continues on line 4)
//   4  PANTRY DESIGN"             1 × 4.95  =  4.95   good (one record, starts on line 3)
//   5  600002 quantity "six"                          bad quantity
//   6  600002 PARTY BUNTING       4 × 4.95  = 19.80   good
//   7  600003 date "31/31/2011 25:61"                 bad date
//   8  600003 LUNCH BAG          10 × 1.65  = 16.50   good
//   9  600004 quantity empty                          bad quantity
//  10  600004 date empty                              bad date
//  11  600005 JUMBO BAG          10 × 2.08  = 20.80   good
//  12  600005 unit price "abc"                        bad price
// → 10 rows read (11 physical lines, but lines 3–4 are one record), 5 imported (net 87.55,
//   units 27), 5 rejected on lines 5, 7, 9, 10, 12.
// Orders: 600001 600002 600003 600005 = 4 (600004 has no good row). Customers: 14000 14001 14002 = 3.
const PARTLY_BAD_REJECTS: Array<{ line: number; reason: RegExp }> = [
  { line: 5, reason: /quantit|qty|number/i },
  { line: 7, reason: /date/i },
  { line: 9, reason: /quantit|qty|missing|empty/i },
  { line: 10, reason: /date/i },
  { line: 12, reason: /price|amount|money|number/i },
];

function checkPartlyBad(r: ImportBatchResult, how: string): void {
  assert.equal(r.rowsRead, 10, `${how}: rowsRead (lines 3–4 are one record)`);
  assert.equal(r.rowsImported, 5, `${how}: rowsImported`);
  assert.equal(r.rowsRejected, 5, `${how}: rowsRejected`);
  assert.equal(r.rowsDuplicate, 0, `${how}: rowsDuplicate`);
  const got = [...r.rejected].sort((a, b) => a.line - b.line);
  assert.deepEqual(
    got.map((x) => x.line),
    PARTLY_BAD_REJECTS.map((x) => x.line),
    `${how}: rejected physical line numbers (header = 1; lines 3–4 are one record): ${JSON.stringify(got)}`,
  );
  for (const [i, exp] of PARTLY_BAD_REJECTS.entries()) {
    const reason = got[i].reason;
    assert.ok(typeof reason === 'string' && reason.trim().length > 0, `${how}: line ${exp.line} has a reason`);
    assert.match(reason, exp.reason, `${how}: line ${exp.line}'s reason names the problem`);
  }
  assert.equal(r.minDate, '2011-03-17', `${how}: minDate`);
  assert.equal(r.maxDate, '2011-03-21', `${how}: maxDate`);
}

describe('a partly bad file imports its good rows and lists the bad ones', () => {
  it('through importFile()', { skip: importerMissing() ?? false }, async () => {
    const imp = await loadImporter();
    const db = imp.openDb(tempDbPath());
    try {
      const r = await imp.importFile(db, bad('partly-bad.csv'));
      checkPartlyBad(r, 'importFile');
      const k = await allTimeKpis(imp, db);
      assertMoney(k.netSales, 87.55, 'netSales');
      assertQty(k.units, 27, 'units');
      assert.equal(k.orders, 4, 'orders');
      assert.equal(k.customers, 3, 'customers');
      const stored = db.prepare('SELECT line FROM import_rejects ORDER BY line').all() as Array<{ line: number }>;
      assert.deepEqual(
        stored.map((s) => s.line),
        [5, 7, 9, 10, 12],
        'import_rejects keeps the bad lines',
      );
      const tins = db.prepare("SELECT name FROM products WHERE sku = '22720'").get() as { name: string } | undefined;
      assert.ok(tins && /CAKE TINS\s+PANTRY DESIGN/.test(tins.name), `the two-line description is one value: ${tins?.name}`);
      // Re-import: the good rows are duplicates, the bad rows are still rejected.
      const again = await imp.importFile(db, bad('partly-bad.csv'));
      assert.equal(again.rowsImported, 0);
      assert.equal(again.rowsDuplicate, 5);
      assert.equal(again.rowsRejected, 5);
      assertMoney((await allTimeKpis(imp, db)).netSales, 87.55, 'netSales after re-import');
    } finally {
      db.close();
    }
  });

  it('through the CLI (--json), exit code 0', { skip: cliMissing() ?? false }, () => {
    const dbFile = tempDbPath();
    const r = runCli(['import', bad('partly-bad.csv'), '--db', dbFile, '--json']);
    assert.equal(r.status, 0, `a partly bad file is imported, not refused: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { batches: ImportBatchResult[] };
    checkPartlyBad(out.batches[0], 'CLI');
  });
});

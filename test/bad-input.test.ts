/**
 * Bad input, tried as a new user would (issue 14): impossible or reversed dates
 * are a clear error in the CLI and the API; a read-only command with a
 * mistyped --db creates nothing; a NUL byte, 20,000 columns and a 30 MB quoted
 * field are each refused or rejected for their true reason, one row at a time
 * where the rest of the file can be read. Real CLI child processes, a real
 * HTTP server, real SQLite files.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../core/http/server.js';
import { importFile, ImportRefused } from '../core/import/pipeline.js';
import { openDb, type Db } from '../core/store/db.js';
import { assertOneLineError, dbSnapshot, layout, runCli, tempDir } from './helpers/import-fixtures.js';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const row = (inv: number, desc: string, qty = 2, price = '1.50') =>
  `${inv},${20000 + (inv % 100)},${desc},${qty},3/${1 + (inv % 27)}/2011 10:00,${price},${13000 + (inv % 50)}.0,United Kingdom`;

function freshDb(): { db: Db; file: string } {
  const file = path.join(tempDir('tillsight-bad-input-'), 'shop.db');
  return { db: openDb(file), file };
}

function lines(db: Db): number {
  return db.prepare('SELECT count(*) FROM sales_lines').pluck().get() as number;
}

describe('impossible and reversed dates are errors, not zeros', () => {
  const dir = tempDir('tillsight-dates-');
  const dbFile = path.join(dir, 'shop.db');
  before(() => {
    const r = runCli(['import', layout('Online Retail.csv'), '--db', dbFile]);
    assert.equal(r.status, 0, r.stderr);
  });

  const cases: Array<{ args: string[]; says: RegExp }> = [
    { args: ['--from', '2011-13-45', '--to', '2011-02-30'], says: /2011-13-45 is not a day on the calendar/ },
    { args: ['--from', '2011-02-01', '--to', '2011-02-30'], says: /2011-02-30 is not a day on the calendar/ },
    { args: ['--from', '2011-12-09', '--to', '2011-12-01'], says: /starts \(2011-12-09\) after it ends \(2011-12-01\)/ },
    { args: ['--from', '12/01/2011'], says: /not a date as YYYY-MM-DD/ },
  ];
  for (const c of cases) {
    it(`tillsight kpis ${c.args.join(' ')} exits 2 with one line saying why`, () => {
      const r = runCli(['kpis', '--db', dbFile, ...c.args]);
      assert.equal(r.status, 2, `exit code; stdout: ${r.stdout}`);
      assert.equal(r.stdout, '', 'no figures printed');
      assert.match(assertOneLineError(r.stderr, 'kpis'), c.says);
    });
  }

  it('a valid range still answers (29 Feb of a leap year is a day)', () => {
    const r = runCli(['kpis', '--db', dbFile, '--from', '2012-02-29', '--to', '2012-02-29', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { from: string }).from, '2012-02-29');
  });

  describe('through the HTTP API', () => {
    let server: RunningServer;
    let db: Db;
    const call = async (method: string, input: unknown) => {
      const res = await fetch(`${server.url}api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Tillsight-Token': 'test-token' },
        body: JSON.stringify(input),
      });
      return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
    };
    before(async () => {
      db = openDb(dbFile);
      server = await startServer({ db, dbPath: dbFile, token: 'test-token' });
    });
    after(async () => {
      await server.close();
      db.close();
    });
    const bad: Array<[string, unknown, RegExp]> = [
      ['kpis', { from: '2011-13-45', to: '2011-02-30' }, /not a day on the calendar/],
      ['kpis', { from: '2011-12-09', to: '2011-12-01' }, /starts after it ends/],
      ['executiveDashboard', { period: 'custom', from: '2011-12-09', to: '2011-12-01' }, /starts after it ends/],
      ['executiveDashboard', { period: 'month', anchor: '2011-02-30' }, /not a day on the calendar/],
      ['operationsDashboard', { date: '2011-04-31' }, /not a day on the calendar/],
    ];
    for (const [method, input, says] of bad) {
      it(`${method} ${JSON.stringify(input)} is a 400 bad-input that says why`, async () => {
        const r = await call(method, input);
        assert.equal(r.status, 400);
        assert.equal(r.body.error?.code, 'bad-input');
        assert.match(r.body.error.message, says);
      });
    }
    it('the same method with good dates answers', async () => {
      const r = await call('kpis', { from: '2010-12-01', to: '2010-12-31' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    });
  });
});

describe('a read-only command with a mistyped --db creates nothing', () => {
  for (const command of [['status'], ['kpis'], ['kpis', '--json'], ['undo', '1']]) {
    it(`tillsight ${command.join(' ')} --db <missing> says there is no database there`, () => {
      const dir = tempDir('tillsight-nodb-');
      const missing = path.join(dir, 'typo', 'nested', 'shop.db');
      const r = runCli([...command, '--db', missing]);
      assert.equal(r.status, 1, r.stdout);
      assert.match(assertOneLineError(r.stderr, command[0]), /there is no database at .*shop\.db/);
      assert.ok(!fs.existsSync(path.join(dir, 'typo')), 'no folder was created');
    });
  }
});

describe('bad bytes and bad shapes: the true reason, one row at a time', () => {
  it('one NUL byte in one description rejects that row, not the export', async () => {
    const { db } = freshDb();
    try {
      const file = path.join(tempDir(), 'nul.csv');
      const rows = [HEADER];
      for (let i = 0; i < 40; i++) rows.push(row(700000 + i, i === 17 ? 'RED\0 MUG' : `ITEM ${i}`));
      fs.writeFileSync(file, rows.join('\r\n') + '\r\n');
      const r = await importFile(db, file);
      assert.equal(r.rowsRead, 40);
      assert.equal(r.rowsImported, 39);
      assert.equal(r.rowsRejected, 1);
      assert.equal(r.rejected[0].line, 19, 'header is line 1, row 17 (0-based) is line 19');
      assert.match(r.rejected[0].reason, /NUL byte/);
      assert.equal(lines(db), 39);
    } finally {
      db.close();
    }
  });

  it('a file full of NUL bytes is still refused as binary', async () => {
    const { db } = freshDb();
    try {
      const file = path.join(tempDir(), 'blob.csv');
      const bytes = Buffer.alloc(8192);
      for (let i = 0; i < bytes.length; i++) bytes[i] = i % 3 === 0 ? 0 : 65 + (i % 26);
      fs.writeFileSync(file, Buffer.concat([Buffer.from(HEADER + '\n'), bytes]));
      await assert.rejects(importFile(db, file), (e: unknown) => e instanceof ImportRefused && /binary file/.test(e.message));
    } finally {
      db.close();
    }
  });

  it('a 20,000-column file is read as 20,000 columns', async () => {
    const { db } = freshDb();
    try {
      const dir = tempDir();
      const extra = Array.from({ length: 19_997 }, (_, i) => `Extra ${i}`);
      const good = path.join(dir, 'wide.csv');
      const body = [['Date', 'Item', 'Amount', ...extra].join(',')];
      for (let d = 1; d <= 6; d++) body.push([`2024-03-0${d}`, `Widget ${d}`, `${d}.25`, ...extra.map(() => 'x')].join(','));
      fs.writeFileSync(good, body.join('\n') + '\n');
      const r = await importFile(db, good);
      assert.equal(r.rowsImported, 6);
      assert.equal(r.rowsRejected, 0);
      const net = db.prepare('SELECT round(sum(net), 2) FROM sales_lines').pluck().get();
      assert.equal(net, 1.25 + 2.25 + 3.25 + 4.25 + 5.25 + 6.25);

      const noDate = path.join(dir, 'wide-no-date.csv');
      const cols = Array.from({ length: 20_000 }, (_, i) => `Col ${i}`);
      fs.writeFileSync(noDate, [cols.join(','), cols.map(() => 'abc').join(','), cols.map(() => 'def').join(',')].join('\n') + '\n');
      await assert.rejects(importFile(db, noDate), (e: unknown) => {
        assert.ok(e instanceof ImportRefused);
        assert.match(e.message, /20,000 columns/);
        assert.doesNotMatch(e.message, /single column/);
        return true;
      });
    } finally {
      db.close();
    }
  });

  /** Rows, then one row whose description is a quoted field of `mb` megabytes, then rows (or the end of the file). */
  function hugeQuoted(mb: number, closes: boolean): string {
    const file = path.join(tempDir('tillsight-huge-quote-'), `quote-${mb}mb.csv`);
    const fd = fs.openSync(file, 'w');
    try {
      fs.writeSync(fd, [HEADER, row(800001, 'BEFORE ONE'), row(800002, 'BEFORE TWO')].join('\n') + '\n');
      fs.writeSync(fd, '800003,20003,"');
      const chunk = Buffer.alloc(1 << 20, 'Q');
      for (let i = 0; i < mb; i++) fs.writeSync(fd, chunk);
      if (closes)
        fs.writeSync(
          fd,
          `",2,3/3/2011 10:00,1.50,13003.0,United Kingdom\n${[row(800004, 'AFTER ONE'), row(800005, 'AFTER TWO'), row(800006, 'AFTER THREE')].join('\n')}\n`,
        );
    } finally {
      fs.closeSync(fd);
    }
    return file;
  }

  it('a quoted field that closes after 30 MB: that row is rejected for its size, the rows around it import', { timeout: 120_000 }, async () => {
    const { db } = freshDb();
    try {
      const r = await importFile(db, hugeQuoted(30, true));
      assert.equal(r.rowsRead, 6);
      assert.equal(r.rowsImported, 5);
      assert.equal(r.rowsRejected, 1);
      assert.equal(r.rejected[0].line, 4);
      assert.match(r.rejected[0].reason, /quoted field of about 30 MB/);
      assert.doesNotMatch(r.rejected[0].reason, /never closed/);
      const names = (db.prepare('SELECT name FROM products ORDER BY name').pluck().all() as string[]).join('|');
      assert.equal(names, 'AFTER ONE|AFTER THREE|AFTER TWO|BEFORE ONE|BEFORE TWO');
    } finally {
      db.close();
    }
  });

  it('a quoted field that never closes (6 MB to the end): reported as never closed, the rows before it import', { timeout: 120_000 }, async () => {
    const { db } = freshDb();
    try {
      const r = await importFile(db, hugeQuoted(6, false));
      assert.equal(r.rowsImported, 2);
      assert.equal(r.rowsRejected, 1);
      assert.equal(r.rejected[0].line, 4);
      assert.match(r.rejected[0].reason, /never closed \(it runs 6 MB to the end of the file\)/);
    } finally {
      db.close();
    }
  });

  it('through the CLI, a refused file still leaves the database as it was', () => {
    const dbFile = path.join(tempDir(), 'shop.db');
    assert.equal(runCli(['import', layout('Online Retail.csv'), '--db', dbFile]).status, 0);
    const before = dbSnapshot(dbFile);
    const file = path.join(tempDir(), 'only-huge.csv');
    fs.writeFileSync(file, `${HEADER}\n800003,20003,"${'Z'.repeat(5 << 20)}",2,3/3/2011 10:00,1.50,13003.0,United Kingdom\n`);
    const r = runCli(['import', file, '--db', dbFile]);
    assert.equal(r.status, 1);
    assert.match(assertOneLineError(r.stderr, 'only-huge'), /quoted field of about 5 MB/);
    assert.deepEqual(dbSnapshot(dbFile), before);
  });
});

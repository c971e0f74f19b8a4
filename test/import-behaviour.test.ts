/** The import's promises beyond parsing: remembered mappings, progress, cancel, preview, the CLI's JSON contract. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../bench/common.js';
import type { ImportBatchResult, Kpis, Status } from '../common/api.js';
import { openDb } from '../core/store/db.js';
import { importFile, previewFile, ImportCancelled } from '../core/import/pipeline.js';
import { kpis } from '../core/analytics/kpis.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-behaviour-'));

function bigCsv(file: string, rows: number): void {
  const out = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  for (let i = 0; i < rows; i++)
    out.push(
      `${600000 + Math.floor(i / 5)},${20000 + (i % 300)},THING ${i % 300},${1 + (i % 4)},3/${1 + (i % 28)}/2011 10:${10 + (i % 40)},1.25,${13000 + (i % 50)}.0,France`,
    );
  fs.writeFileSync(file, out.join('\n') + '\n');
}

test('a mapping chosen for an unknown layout is remembered for the next file with that header', async () => {
  const dir = tmp();
  const db = openDb(path.join(dir, 'm.db'));
  const header = 'Wann;Beleg;Ding;Stück;Summe\n';
  fs.writeFileSync(path.join(dir, 'a.csv'), header + '03.01.2026;1;Tee;2;7,00\n04.01.2026;2;Kaffee;1;3,50\n');
  fs.writeFileSync(path.join(dir, 'b.csv'), header + '05.01.2026;3;Tee;1;3,50\n');
  const mapping = { date: 'Wann', receipt: 'Beleg', product: 'Ding', quantity: 'Stück', net: 'Summe' };
  const a = await importFile(db, path.join(dir, 'a.csv'), { mapping });
  assert.equal(a.rowsImported, 2);
  assert.equal(a.dateOrder, 'DMY');
  const b = await importFile(db, path.join(dir, 'b.csv'));
  assert.equal(b.rowsImported, 1);
  assert.equal(b.rowsRejected, 0);
  const k = kpis(db);
  assert.equal(k.netSales, 14);
  assert.equal(k.units, 4);
  assert.equal(k.orders, 3);
  db.close();
});

test('progress is reported while a file streams, ending at its full size', async () => {
  const dir = tmp();
  const file = path.join(dir, 'big.csv');
  bigCsv(file, 60_000);
  const db = openDb(path.join(dir, 'p.db'));
  const seen: number[] = [];
  const r = await importFile(db, file, {}, { onProgress: (p) => seen.push(p.bytesRead) });
  assert.equal(r.rowsImported, 60_000);
  assert.ok(seen.length >= 2, `only ${seen.length} progress reports`);
  assert.deepEqual(
    [...seen].sort((x, y) => x - y),
    seen,
    'progress never goes backwards',
  );
  assert.equal(seen.at(-1), fs.statSync(file).size);
  db.close();
});

test('a cancelled import writes nothing', async () => {
  const dir = tmp();
  const file = path.join(dir, 'big.csv');
  bigCsv(file, 60_000);
  const db = openDb(path.join(dir, 'c.db'));
  const controller = new AbortController();
  await assert.rejects(importFile(db, file, {}, { signal: controller.signal, onProgress: () => controller.abort() }), ImportCancelled);
  assert.equal(db.prepare('SELECT count(*) FROM sales_lines').pluck().get(), 0);
  assert.equal(db.prepare('SELECT count(*) FROM import_batches').pluck().get(), 0);
  db.close();
});

test('preview shows what an import would do and writes nothing', async () => {
  const dir = tmp();
  const file = path.join(dir, 'p.csv');
  fs.writeFileSync(
    file,
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,Apple,2,12/1/2010 8:26,1.50,1.0,UK\n2,B,Bad,x,12/1/2010 8:27,1.00,,UK\n',
  );
  const db = openDb(path.join(dir, 'p.db'));
  const p = await previewFile(db, file);
  assert.equal(p.profile, 'online-retail');
  assert.deepEqual(p.counts, { rows: 2, new: 1, duplicate: 0, rejected: 1 });
  assert.deepEqual(
    p.sample.map((s) => [s.line, s.status]),
    [
      [2, 'new'],
      [3, 'rejected'],
    ],
  );
  assert.equal(p.sample[0].net, 3);
  assert.equal(db.prepare('SELECT count(*) FROM sales_lines').pluck().get(), 0);
  assert.equal(db.prepare('SELECT count(*) FROM import_batches').pluck().get(), 0);
  await importFile(db, file);
  const again = await previewFile(db, file);
  assert.deepEqual(again.counts, { rows: 2, new: 0, duplicate: 1, rejected: 1 });
  db.close();
});

/** What `tillsight import --json` prints. */
interface CliImport {
  batches: ImportBatchResult[];
}

test('the CLI keeps its JSON contract, and re-importing exits 0 with nothing imported', () => {
  const dir = tmp();
  const file = path.join(dir, 'f.csv');
  fs.writeFileSync(
    file,
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,Apple,2,12/1/2010 8:26,1.50,17850.0,UK\nC2,A,Apple,-1,12/2/2010 9:00,1.50,17850,UK\n',
  );
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tillsight.js'), ...args, '--db', path.join(dir, 'c.db')], { encoding: 'utf8' });
  const first = run('import', file, '--json');
  assert.equal(first.status, 0, first.stderr);
  const b = (JSON.parse(first.stdout) as CliImport).batches[0];
  for (const key of ['batchId', 'file', 'profile', 'rowsRead', 'rowsImported', 'rowsDuplicate', 'rowsRejected', 'rejected']) assert.ok(key in b, key);
  assert.equal(typeof b.batchId, 'string');
  assert.deepEqual([b.rowsRead, b.rowsImported, b.rowsDuplicate, b.rowsRejected], [2, 2, 0, 0]);
  const second = run('import', file, '--json');
  assert.equal(second.status, 0);
  const again = (JSON.parse(second.stdout) as CliImport).batches[0];
  assert.deepEqual([again.rowsImported, again.rowsDuplicate], [0, 2]);
  const status = JSON.parse(run('status', '--json').stdout) as Status;
  for (const key of ['lines', 'orders', 'customers', 'products', 'firstDate', 'lastDate', 'batches']) assert.ok(key in status, key);
  assert.deepEqual([status.lines, status.orders, status.customers, status.firstDate, status.lastDate], [2, 1, 1, '2010-12-01', '2010-12-02']);
  const k = JSON.parse(run('kpis', '--json', '--from', '2010-12-01', '--to', '2010-12-31').stdout) as Kpis;
  assert.deepEqual([k.netSales, k.grossSales, k.returns, k.orders, k.customers, k.units, k.avgOrderValue], [1.5, 3, 1.5, 1, 1, 1, 1.5]);
  const undo = run('undo', b.batchId);
  assert.equal(undo.status, 0);
  assert.equal((JSON.parse(run('status', '--json').stdout) as Status).lines, 0);
  const missing = run('undo', '999');
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  const help = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tillsight.js'), '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /tillsight import FILE|import FILE\.\.\./);
});

/** BulkInsert: rows land as given, in order, whether their shared columns are bound once or row by row. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BulkInsert } from '../core/store/bulk-insert.js';
import { openDb } from '../core/store/db.js';
import { tempDir } from './helpers/import-fixtures.js';

test('bulk insert: shared columns bound once give the same rows, in order, as one row at a time', () => {
  const db = openDb(path.join(tempDir(), 'bulk.db'));
  try {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a, day, store, note, x)');
    const out = new BulkInsert(db, 't', ['a', 'day', 'store', 'note', 'x'], { shared: ['day', 'store', 'note'] });
    const expected: unknown[][] = [];
    // 1,037 rows: blocks where every shared column is constant, blocks where some vary, nulls, strings, and a partial block at the end.
    for (let i = 0; i < 1037; i++) {
      const row = [i * 1.5, 20260100 + Math.floor(i / 150), i >= 400 && i < 450 && i % 7 === 0 ? 2 : 1, i % 300 < 200 ? null : `n${i % 3}`, i % 2 ? 'odd' : -i];
      expected.push(row);
      for (const v of row) out.value(v);
    }
    out.flush();
    const rows = db.prepare('SELECT a, day, store, note, x FROM t ORDER BY id').raw().all();
    assert.deepEqual(rows, expected);
  } finally {
    db.close();
  }
});

test('bulk insert: a column named as shared must be a column of the table', () => {
  const db = openDb(path.join(tempDir(), 'bulk2.db'));
  try {
    db.exec('CREATE TABLE t (a, b)');
    assert.throws(() => new BulkInsert(db, 't', ['a', 'b'], { shared: ['c'] }), /c is not a column of t/);
  } finally {
    db.close();
  }
});

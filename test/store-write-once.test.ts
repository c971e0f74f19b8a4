/**
 * writeOnceIfAlone: a big import leaves WAL for the rollback journal only when
 * no other connection has the file open, and puts the file back into WAL after.
 * Real SQLite files, real second connections.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openDb, writeOnceIfAlone } from '../core/store/db.js';
import { tempDir } from './helpers/import-fixtures.js';

const count = (db: ReturnType<typeof openDb>) => db.prepare('SELECT count(*) FROM t').pluck().get() as number;

test('write once: alone with the file, a transaction goes through the rollback journal, and the file returns to WAL', () => {
  const file = path.join(tempDir(), 'alone.db');
  const db = openDb(file);
  db.exec('CREATE TABLE t (x)');
  const writeOnce = writeOnceIfAlone(db);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
  assert.equal(db.pragma('synchronous', { simple: true }), 2, 'FULL while in rollback mode');
  const cacheBefore = -65536;
  assert.ok((db.pragma('cache_size', { simple: true }) as number) > cacheBefore, 'a smaller page cache: pages reach the file as the import goes');
  db.exec('BEGIN IMMEDIATE');
  db.prepare('INSERT INTO t VALUES (?)').run(1);
  assert.ok(fs.existsSync(file + '-journal'), 'the transaction has a rollback journal');
  assert.ok(!fs.existsSync(file + '-wal'), 'and no WAL');

  // A program opening the file meanwhile is not refused: it reads the state before the transaction.
  const other = openDb(file);
  assert.equal(count(other), 0);

  writeOnce.flushSoFar(); // an extra fdatasync in the background: harmless at any time
  db.exec('COMMIT');
  writeOnce.backToWal();
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL again');
  assert.equal(db.pragma('cache_size', { simple: true }), cacheBefore, 'the page cache is back to its size');
  // The other connection follows the file into WAL and sees the commit.
  assert.equal(count(other), 1);
  const third = openDb(file);
  assert.equal(third.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(count(third), 1);
  for (const c of [db, other, third]) c.close();
});

test('write once: with another connection open the file stays in WAL and that reader is never blocked', () => {
  const file = path.join(tempDir(), 'shared.db');
  const db = openDb(file);
  db.exec('CREATE TABLE t (x)');
  const reader = openDb(file);
  assert.equal(count(reader), 0);
  const writeOnce = writeOnceIfAlone(db);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 1);
  db.exec('BEGIN IMMEDIATE');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  for (let i = 0; i < 20_000; i++) insert.run(i); // more pages than a small cache: WAL readers still read
  assert.equal(count(reader), 0, 'the reader sees the state before the transaction');
  writeOnce.flushSoFar();
  db.exec('COMMIT');
  writeOnce.backToWal();
  assert.equal(count(reader), 20_000);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  reader.close();
  db.close();
});

test('write once: an in-memory database is left as it is', () => {
  const db = openDb(':memory:');
  const before = db.pragma('journal_mode', { simple: true });
  const writeOnce = writeOnceIfAlone(db);
  writeOnce.flushSoFar();
  writeOnce.backToWal();
  assert.equal(db.pragma('journal_mode', { simple: true }), before);
  db.close();
});

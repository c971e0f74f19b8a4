/**
 * The importer's duplicate check (core/import/known-keys.ts) against a real
 * SQLite file: it must say what a unique (date, line_key) index would say,
 * including after days were dropped from memory and read back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { KeySet, KnownKeys } from '../core/import/known-keys.js';

test('known keys: a key is new exactly once per day, across eviction and reload', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-keys-'));
  const db = new Database(path.join(dir, 'k.db'));
  try {
    db.exec('CREATE TABLE lines (date INTEGER NOT NULL, line_key INTEGER NOT NULL); CREATE INDEX lines_date ON lines(date)');
    db.prepare('INSERT INTO lines VALUES (?, ?)').run(20240101, 11);
    const select = db.prepare('SELECT line_key FROM lines WHERE date = ?').pluck();
    const insert = db.prepare('INSERT INTO lines VALUES (?, ?)');
    // As in the importer, new lines wait in a buffer (flushed every 7 lines here) and are
    // flushed early only when a day dropped from memory is read back.
    const buffer: Array<[number, number]> = [];
    const flush = () => {
      for (const [d, k] of buffer.splice(0)) insert.run(d, k);
    };
    const loadedBefore = new Set<number>();
    let loads = 0;
    let reloads = 0;
    const known = new KnownKeys((day, reload) => {
      loads++;
      assert.equal(reload, loadedBefore.has(day), `day ${day}: a reload is a day read before`);
      loadedBefore.add(day);
      if (reload) {
        reloads++;
        flush();
      }
      return select.all(day) as number[];
    }, 50); // a tiny memory budget, so days are dropped and read back
    const unique = new Set<string>(['20240101|11']);
    let seed = 3;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 16807) % 2147483647;
      const day = 20240101 + (seed % 20);
      const key = (seed >> 5) % 40; // many repeats
      const keys = known.of(day);
      const isNew = !unique.has(`${day}|${key}`);
      assert.equal(!keys.has(key), isNew, `day ${day} key ${key}`);
      if (isNew) {
        unique.add(`${day}|${key}`);
        known.add(keys, key);
        buffer.push([day, key]);
        if (buffer.length === 7) flush();
      }
    }
    assert.ok(reloads > 20, `days were read back after eviction (${reloads} of ${loads} loads)`);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('key set: 53-bit keys, growth, and keys that collide in their low bits', () => {
  const set = new KeySet();
  const ref = new Set<number>();
  let seed = 9;
  for (let i = 0; i < 100_000; i++) {
    seed = (seed * 16807) % 2147483647;
    // Half the keys share their low 32 bits with another: the probe must compare whole keys.
    const key = i % 2 ? (seed % 2_097_152) * 0x100000000 + (i & 0xff) : seed * 1024 + (seed % 1024);
    assert.equal(set.has(key), ref.has(key), `key ${key}`);
    if (!ref.has(key)) {
      set.add(key);
      ref.add(key);
    }
  }
  assert.equal(set.size, ref.size);
  for (const k of ref) assert.ok(set.has(k));
  assert.equal(set.has(Number.MAX_SAFE_INTEGER), ref.has(Number.MAX_SAFE_INTEGER));
  assert.ok(!set.has(0) || ref.has(0));
});

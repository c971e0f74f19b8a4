/**
 * Programs sharing one database, and a database that cannot be written:
 *  - `tillsight serve` started while a command-line import writes the file
 *    alone (the write-once path) never fails with "database is locked": it
 *    starts, answers every call with the 'busy' error ("an import is running",
 *    HTTP 503, Retry-After) and serves the new data when the import ends;
 *  - two imports beside the open app: each lands whole, or waits and says why;
 *  - a full disk (PRAGMA max_page_count) and a read-only file give one
 *    sentence and lose nothing already there.
 * Real child processes, a real HTTP server, real SQLite files.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importFile } from '../core/import/pipeline.js';
import { describeDbError } from '../core/store/db-errors.js';
import { openDb } from '../core/store/db.js';
import { checkConsistent, writeRetailFile } from './helpers/consistency.js';
import { skipUnlessCi } from './helpers/prerequisites.js';
import { assertOneLineError, CLI, dbSnapshot, ROOT, runCli, tempDir } from './helpers/import-fixtures.js';

const noRenderer = skipUnlessCi(
  fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))
    ? null
    : 'the renderer is not built (npm run build:renderer): tillsight serve has no page to read its token from',
  'serve during an import',
);

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function until(what: string, ok: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('serve during a write-once import', { skip: noRenderer, timeout: 600_000 }, () => {
  it('starts, says "an import is running" (503 busy), and shows the data when the import ends', async () => {
    const dir = tempDir('tillsight-serve-busy-');
    const db = path.join(dir, 'shop.db');
    const small = path.join(dir, 'small.csv');
    const big = path.join(dir, 'big.csv');
    writeRetailFile(small, 500, 100000);
    writeRetailFile(big, 600_000, 500000);
    assert.equal(runCli(['import', small, '--db', db]).status, 0);
    const size0 = fs.statSync(db).size;
    const importing = run(['import', big, '--db', db, '--json']);
    // Wait until the import's pages are in the file: from then on, it holds it alone.
    await until('the import to write pages into the file', () => fs.statSync(db).size > size0 + (24 << 20));
    const serve = spawn(process.execPath, [CLI, 'serve', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    serve.stdout.on('data', (d: Buffer) => (out += d.toString()));
    serve.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      await until('the server to print its URL', () => out.includes('\n'), 60_000);
      assert.doesNotMatch(err, /database is locked/i);
      const url = out.split('\n')[0].trim();
      const html = await (await fetch(url)).text();
      const token = /name="tillsight-token" content="([^"]+)"/.exec(html)?.[1];
      assert.ok(token, 'the page carries the token');
      const call = async () => {
        const res = await fetch(`${url}api/call/status`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Tillsight-Token': token },
          body: '{}',
        });
        return {
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          body: (await res.json()) as { lines?: number; error?: { code: string; message: string } },
        };
      };
      let r = await call();
      let busySeen = false;
      if (r.status === 503) {
        busySeen = true;
        assert.equal(r.body.error?.code, 'busy');
        assert.match(r.body.error.message, /an import is running \(big\.csv/);
        assert.equal(r.retryAfter, '3');
      }
      const imported = await importing;
      assert.equal(imported.status, 0, imported.stderr);
      // The client retries, as the renderer does: now it is served.
      r = await call();
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.lines, 600_500);
      assert.ok(busySeen, `the first call, during the import, was answered 'busy' (stderr: ${err})`);
      assert.match(err, /an import is running/);
    } finally {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.once('exit', r));
    }
    checkConsistent(db, 'after serve and import');
  });
});

describe('two imports beside the open app', { timeout: 600_000 }, () => {
  it('each lands whole, or waits and says an import is running; nothing is corrupted', async () => {
    const dir = tempDir('tillsight-two-writers-');
    const db = path.join(dir, 'shop.db');
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    writeRetailFile(a, 200_000, 100000);
    writeRetailFile(b, 150_000, 900000);
    assert.equal(runCli(['import', path.join(ROOT, 'test', 'fixtures', 'layouts', 'Online Retail.csv'), '--db', db]).status, 0);
    const app = openDb(db); // the app's connection: both imports go through the WAL
    try {
      const [ra, rb] = await Promise.all([run(['import', a, '--db', db, '--json']), run(['import', b, '--db', db, '--json'])]);
      let expected = 16;
      for (const [r, rows] of [
        [ra, 200_000],
        [rb, 150_000],
      ] as const) {
        if (r.status === 0) expected += rows;
        else {
          assert.equal(r.status, 1);
          assert.match(assertOneLineError(r.stderr, 'the import that waited'), /an import is running|another Tillsight window or command is writing/);
        }
      }
      assert.ok(ra.status === 0 || rb.status === 0, 'one of them landed');
      assert.equal(app.prepare('SELECT count(*) FROM sales_lines').pluck().get(), expected);
    } finally {
      app.close();
    }
    checkConsistent(db, 'after two imports');
  });
});

describe('a full disk or a read-only file', () => {
  it('a full disk (max_page_count) refuses the import in one sentence and loses nothing', async () => {
    const dir = tempDir('tillsight-full-');
    const file = path.join(dir, 'shop.db');
    const csv = path.join(dir, 'big.csv');
    writeRetailFile(csv, 60_000, 500000);
    assert.equal(runCli(['import', path.join(ROOT, 'test', 'fixtures', 'layouts', 'Online Retail.csv'), '--db', file]).status, 0);
    const before = dbSnapshot(file);
    const db = openDb(file);
    try {
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages + 40}`);
      let caught: unknown;
      await importFile(db, csv).catch((e: unknown) => (caught = e));
      const said = describeDbError(caught, file);
      assert.equal(said?.fault, 'full', `got ${String(caught)}`);
      assert.match(said.message, /^the disk is full .*everything already there is intact/);
      assert.ok(!/\n/.test(said.message));
      assert.equal(db.inTransaction, false, 'rolled back');
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      db.pragma('max_page_count = 1073741823');
      assert.deepEqual(dbSnapshot(file), before, 'nothing lost, nothing half-written');
      // Space again: the same file imports whole.
      assert.equal((await importFile(db, csv)).rowsImported, 60_000);
    } finally {
      db.close();
    }
    checkConsistent(file, 'after a full disk');
  });

  const root = process.getuid?.() === 0;
  it('a read-only database file: one sentence, nothing changed', () => {
    const dir = tempDir('tillsight-ro-');
    const file = path.join(dir, 'shop.db');
    assert.equal(runCli(['import', path.join(ROOT, 'test', 'fixtures', 'layouts', 'Online Retail.csv'), '--db', file]).status, 0);
    const before = dbSnapshot(file);
    // Root writes through any permission: the commands then run as "nobody", to whom the file is read-only.
    if (root) fs.chmodSync(dir, 0o755);
    else {
      fs.chmodSync(file, 0o444);
      fs.chmodSync(dir, 0o555);
    }
    const as = root ? { uid: 65534, gid: 65534 } : {};
    try {
      for (const args of [
        ['import', path.join(ROOT, 'test', 'fixtures', 'layouts', 'online_retail_II.csv')],
        ['undo', '1'],
      ]) {
        const r = spawnAs(args.concat(['--db', file]), as);
        assert.equal(r.status, 1, `${args[0]}: ${r.stderr}`);
        assert.match(assertOneLineError(r.stderr, args[0]), /is read-only .*nothing was changed/);
      }
    } finally {
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(file, 0o644);
    }
    assert.deepEqual(dbSnapshot(file), before);
  });
});

import { spawnSync } from 'node:child_process';
function spawnAs(args: string[], as: { uid?: number; gid?: number }) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: os.tmpdir(), ...as, env: { ...process.env, HOME: os.tmpdir() } });
}

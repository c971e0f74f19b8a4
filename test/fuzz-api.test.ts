/**
 * The HTTP API and the entry point every host uses (callApi: the Electron IPC
 * handler forwards to it after its sender check) fuzzed with invalid
 * arguments: random method names, random JSON bodies, bodies that are not JSON.
 * Every call is rejected with a clear error (an error code from the contract,
 * a one-line message) and nothing changes: a digest of every table before
 * and after. Seeded like the importer's fuzz (FC_SEED).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { apiInputs } from '../common/api.js';
import { callApi, type ApiContext } from '../core/api/index.js';
import { startServer, type RunningServer } from '../core/http/server.js';
import { openDb, type Db } from '../core/store/db.js';
import { digest } from './helpers/consistency.js';
import { layout, runCli, tempDir } from './helpers/import-fixtures.js';

const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FC_RUNS ?? (process.env.TILLSIGHT_LONG_TESTS === '1' ? 400 : 120));
console.log(`# API fuzz: seed ${SEED}, ${RUNS} runs (replay with FC_SEED=${SEED})`);
const CODES = new Set(['bad-input', 'refused', 'not-found', 'cancelled', 'busy', 'internal']);
const METHODS = Object.keys(apiInputs);

/** A method name (mostly real ones) and an input its schema refuses. */
const invalidCall = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...METHODS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
      { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf') },
    ),
    fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(
        fc.constantFrom('from', 'to', 'batchId', 'uploadId', 'period', 'anchor', 'date', 'name', 'taskId', 'limit', 'safetyDays', 'options'),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      fc.record({ from: fc.string({ maxLength: 12 }), to: fc.string({ maxLength: 12 }) }),
    ),
  )
  .filter(([method, input]) => {
    // Own properties only: "constructor" or "toString" is a method name a client may send, not a schema.
    const schema = Object.hasOwn(apiInputs, method) ? (apiInputs as Record<string, { safeParse(v: unknown): { success: boolean } }>)[method] : undefined;
    return !schema || !schema.safeParse(input ?? {}).success;
  });

describe('fuzzing the API with invalid arguments', () => {
  let db: Db;
  let dbFile: string;
  let server: RunningServer;
  let ctx: ApiContext;
  before(async () => {
    dbFile = path.join(tempDir('tillsight-api-fuzz-'), 'shop.db');
    const r = runCli(['import', layout('Online Retail.csv'), '--db', dbFile]);
    assert.equal(r.status, 0, r.stderr);
    db = openDb(dbFile);
    server = await startServer({ db, dbPath: dbFile, token: 'fuzz-token' });
    ctx = { db, dbPath: dbFile, uploadDir: path.join(path.dirname(dbFile), 'uploads'), emitProgress: () => {} };
  });
  after(async () => {
    await server.close();
    db.close();
  });

  const checkError = (body: unknown, what: string) => {
    const err = (body as { error?: { code?: unknown; message?: unknown } }).error;
    assert.ok(err && typeof err.code === 'string' && CODES.has(err.code), `${what}: an error code from the contract: ${JSON.stringify(body)}`);
    assert.ok(
      typeof err.message === 'string' && err.message.length >= 8 && !/[\r\n]/.test(err.message),
      `${what}: a one-line message: ${JSON.stringify(err.message)}`,
    );
    assert.notEqual(err.code, 'internal', `${what}: invalid input is the caller's mistake, not an internal error: ${String(err.message)}`);
  };

  it(`through HTTP: every invalid call is a 4xx with a clear error, and nothing changes (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const before = digest(db);
    await fc.assert(
      fc.asyncProperty(invalidCall, async ([method, input]) => {
        const res = await fetch(`${server.url}api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Tillsight-Token': 'fuzz-token' },
          body: JSON.stringify(input),
        });
        assert.ok(res.status >= 400 && res.status < 500, `${method}: status ${res.status}`);
        checkError(await res.json(), method);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Bodies that are not JSON at all.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.constantFrom('kpis', 'undo', 'restoreBackup'), async (bytes, method) => {
        const res = await fetch(`${server.url}api/call/${method}`, { method: 'POST', headers: { 'X-Tillsight-Token': 'fuzz-token' }, body: bytes });
        assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
        checkError(await res.json(), method);
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 4) },
    );
    assert.equal(digest(db), before, 'the database is unchanged');
  });

  it(`through callApi (what the Electron IPC handler calls): the same (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const before = digest(db);
    await fc.assert(
      fc.asyncProperty(invalidCall, async ([method, input]) => {
        const e = await callApi(ctx, method, input).then(
          () => null,
          (x: unknown) => x,
        );
        assert.ok(e, `${method} ${JSON.stringify(input)} was accepted`);
        const { toErrorBody } = await import('../core/api/index.js');
        checkError(toErrorBody(e), method);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    assert.equal(digest(db), before, 'the database is unchanged');
  });
});

/**
 * The HTTP transport (`tillsight serve`): the typed API over 127.0.0.1, guarded
 * against other local pages by a token, a Host check and an Origin check, and
 * the static renderer without path traversal.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../core/store/db.js';
import { startServer, type RunningServer } from '../core/http/server.js';
import type { ApiErrorBody, ApiMethod, ApiOutput } from '../common/api.js';

let dir: string;
let db: Db;
let server: RunningServer;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-http-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<meta name="tillsight-token" content="__TILLSIGHT_TOKEN__"><p>app</p>');
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  const dbPath = path.join(dir, 'h.db');
  db = openDb(dbPath);
  server = await startServer({ db, dbPath, rendererDir });
});

after(async () => {
  await server.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function request(opts: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${server.port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** A successful call's body, typed by the method's output. */
const output = <M extends ApiMethod>(_method: M, body: string) => JSON.parse(body) as ApiOutput<M>;
/** A refused call's body. */
const apiError = (body: string) => (JSON.parse(body) as ApiErrorBody).error;

const call = (method: string, input: unknown, headers: Record<string, string> = { 'x-tillsight-token': server.token }) =>
  request({ method: 'POST', path: `/api/call/${method}`, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) });

test('listens on 127.0.0.1 only and injects the per-run token into the page', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const page = await request({ path: '/' });
  assert.equal(page.status, 200);
  assert.ok(page.body.includes(`content="${server.token}"`));
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  assert.equal((await request({ path: '/app.js' })).status, 200);
});

test('the API answers with the token and refuses without it, with a wrong one, from another Host or Origin', async () => {
  const ok = await call('status', {});
  assert.equal(ok.status, 200);
  assert.equal(output('status', ok.body).lines, 0);
  assert.equal((await call('status', {}, {})).status, 401);
  assert.equal((await call('status', {}, { 'x-tillsight-token': 'x'.repeat(server.token.length) })).status, 401);
  assert.equal((await call('status', {}, { 'x-tillsight-token': server.token, host: `evil.example:${server.port}` })).status, 421);
  assert.equal((await call('status', {}, { 'x-tillsight-token': server.token, origin: 'http://evil.example' })).status, 403);
  assert.equal((await request({ path: `/api/events?token=wrong` })).status, 401);
});

test('inputs are validated at the boundary, with readable errors', async () => {
  const bad = await call('kpis', { from: '1 March' });
  assert.equal(bad.status, 400);
  assert.match(apiError(bad.body).message, /YYYY-MM-DD/);
  const unknown = await call('dropTables', {});
  assert.equal(unknown.status, 404);
  const notJson = await request({ method: 'POST', path: '/api/call/status', headers: { 'x-tillsight-token': server.token }, body: '{oops' });
  assert.equal(notJson.status, 400);
});

test('no file outside the renderer is served', async () => {
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2f%2e%2e%2fh.db']) {
    const r = await request({ path: p });
    assert.ok([403, 404].includes(r.status), `${p} -> ${r.status}`);
    assert.ok(!r.body.includes('do not serve'));
  }
});

test('upload, preview and commit an import over HTTP, with progress events', async () => {
  const events: string[] = [];
  const sse = http.get(
    { host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}`, headers: { host: `127.0.0.1:${server.port}` } },
    (res) => {
      res.on('data', (c) => events.push(String(c)));
    },
  );
  const csv = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,Apple,2,12/1/2010 8:26,1.50,1.0,UK\n';
  const up = await request({
    method: 'POST',
    path: '/api/upload?name=shop.csv',
    headers: { 'x-tillsight-token': server.token, 'content-type': 'application/octet-stream' },
    body: csv,
  });
  assert.equal(up.status, 200);
  const { uploadId } = JSON.parse(up.body) as { uploadId: string };
  const preview = output('importPreview', (await call('importPreview', { uploadId })).body);
  assert.equal(preview.file, 'shop.csv');
  assert.deepEqual(preview.counts, { rows: 1, new: 1, duplicate: 0, rejected: 0 });
  const commit = await call('importCommit', { uploadId, taskId: 't1' });
  assert.equal(commit.status, 200, commit.body);
  assert.equal(output('importCommit', commit.body).rowsImported, 1);
  assert.equal(output('kpis', (await call('kpis', {})).body).netSales, 3);
  // The batch's reconciliation: the file says 2 × 1.50 = 3.00, all of it counted.
  const batchId = output('importCommit', commit.body).batchId;
  const recon = output('reconciliation', (await call('reconciliation', { batchId })).body);
  assert.deepEqual(
    recon.figures.map((f) => [f.key, f.file, f.counted, f.unexplained]),
    [['netSales', 3, 3, 0]],
  );
  const missing = await call('reconciliation', { batchId: '9999' });
  assert.equal(missing.status, 404, missing.body);
  assert.ok(events.join('').includes('"taskId":"t1"'), 'a progress event for the import');
  const refused = await request({ method: 'POST', path: '/api/upload?name=x.json', headers: { 'x-tillsight-token': server.token }, body: '{"a": [1]}' });
  const bad = await call('importCommit', { uploadId: (JSON.parse(refused.body) as { uploadId: string }).uploadId });
  assert.equal(bad.status, 422);
  assert.match(apiError(bad.body).message, /JSON/);
  sse.destroy();
});

// The compiled preload (dist/electron/preload.cjs) run the way a sandboxed Electron renderer
// runs it: as a function of (require, process, exports, module) whose `require` knows only
// 'electron'. A fake contextBridge / ipcRenderer records what the page would get.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const preloadFile = path.join(root, 'dist', 'electron', 'preload.cjs');

type Invoke = (channel: string, ...args: unknown[]) => unknown;

function loadPreload(invoke: Invoke) {
  const exposed: Record<string, unknown> = {};
  const required: string[] = [];
  const ipc = new EventEmitter();
  const invocations: unknown[][] = [];
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invocations.push([channel, ...args]);
      return invoke(channel, ...args);
    },
    on: (channel: string, fn: (...a: unknown[]) => void) => ipc.on(channel, fn),
    removeListener: (channel: string, fn: (...a: unknown[]) => void) => ipc.removeListener(channel, fn),
  };
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        exposed[key] = api;
      },
    },
    ipcRenderer,
    // Electron's webUtils knows the path of a File backed by a file on disk, and '' for any other.
    webUtils: {
      getPathForFile(file: unknown): string {
        return (file as { diskPath?: string })?.diskPath ?? '';
      },
    },
  };
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`); // what Electron's sandboxed preload require does
  };
  const source = fs.readFileSync(preloadFile, 'utf8');
  const fn = vm.compileFunction(source, ['require', 'process', 'exports', 'module'], { filename: preloadFile }) as (...args: unknown[]) => void;
  const exports = {};
  fn(sandboxRequire, new EventEmitter(), exports, { exports });
  const api = exposed.tillsight as {
    call(method: unknown, input?: unknown): Promise<unknown>;
    upload(name: unknown, data: unknown): Promise<unknown>;
    onProgress(cb: unknown): () => void;
    importFile(file: unknown): Promise<unknown>;
    saveDownload(id: unknown, name?: unknown): Promise<unknown>;
    onMenu(cb: unknown): () => void;
  };
  return { exposed, required, ipc, invocations, api };
}

/** The bridge rejects with an Error whose message is the JSON error body (contextBridge keeps only messages). */
function bodyOf(e: unknown): { code: string; message: string } {
  assert.ok(e instanceof Error, 'rejections are Errors');
  return (JSON.parse(e.message) as { error: { code: string; message: string } }).error;
}
const hasCode =
  (code: string) =>
  (e: unknown): boolean =>
    bodyOf(e).code === code;

test('the preload is built as CommonJS for the sandbox', () => {
  assert.ok(fs.existsSync(preloadFile), `${preloadFile} is missing: run \`npm run build:node\``);
  const source = fs.readFileSync(preloadFile, 'utf8');
  assert.doesNotMatch(source, /^\s*(import|export)\s/m, 'no ESM syntax: a sandboxed preload is a classic script');
  assert.doesNotMatch(source, /import\(/, 'no dynamic import');
  assert.ok(!fs.existsSync(path.join(root, 'dist', 'electron', 'preload.js')), 'the ESM copy of the preload is removed by the build');
});

const SURFACE = ['call', 'importFile', 'onMenu', 'onProgress', 'saveDownload', 'upload'] as const;

test('exposes exactly window.tillsight = { call, upload, onProgress, importFile, saveDownload, onMenu } and requires only electron', () => {
  const { exposed, required, api } = loadPreload(() => undefined);
  assert.deepEqual(Object.keys(exposed), ['tillsight']);
  assert.deepEqual(Object.keys(api).sort(), [...SURFACE]);
  for (const key of SURFACE) assert.equal(typeof api[key], 'function');
  assert.deepEqual([...new Set(required)], ['electron']);
});

test('call forwards (method, input) on tillsight:call and unwraps { ok }', async () => {
  const { api, invocations } = loadPreload(() => ({ ok: { netSales: 12.5 } }));
  assert.deepEqual(await api.call('kpis', { from: '2024-01-01' }), { netSales: 12.5 });
  assert.deepEqual(invocations, [['tillsight:call', 'kpis', { from: '2024-01-01' }]]);
});

test('call rejects with an Error carrying the { code, message } of an error reply', async () => {
  const { api } = loadPreload(() => ({ error: { code: 'bad-input', message: 'Invalid input for kpis: from expected a date' } }));
  await assert.rejects(api.call('kpis', { from: 'x' }), (e: unknown) => {
    assert.deepEqual(bodyOf(e), { code: 'bad-input', message: 'Invalid input for kpis: from expected a date' });
    return true;
  });
  const odd = loadPreload(() => ({ error: { code: 'rm -rf', message: 'x' } }));
  await assert.rejects(odd.api.call('status', {}), hasCode('internal'), 'unknown codes become internal');
});

test('call turns transport failures and odd replies into { code: internal }', async () => {
  const failing = loadPreload(() => {
    throw new Error('No handler registered');
  });
  await assert.rejects(failing.api.call('status', {}), (e: unknown) => {
    assert.deepEqual(bodyOf(e), { code: 'internal', message: 'No handler registered' });
    return true;
  });
  const odd = loadPreload(() => 'surprise');
  await assert.rejects(odd.api.call('status', {}), hasCode('internal'));
});

test('call refuses a non-string method without sending anything', async () => {
  const { api, invocations } = loadPreload(() => ({ ok: 1 }));
  await assert.rejects(api.call({ toString: () => 'status' }, {}), hasCode('bad-input'));
  assert.equal(invocations.length, 0);
});

test('upload sends (name, bytes) on tillsight:upload and returns { uploadId }', async () => {
  const { api, invocations } = loadPreload(() => ({ uploadId: 'a'.repeat(24) }));
  const bytes = new TextEncoder().encode('date,total\n2024-01-01,3\n').buffer;
  assert.deepEqual(await api.upload('sales.csv', bytes), { uploadId: 'a'.repeat(24) });
  assert.equal(invocations[0][0], 'tillsight:upload');
  assert.equal(invocations[0][1], 'sales.csv');
  assert.equal(invocations[0][2], bytes);

  await assert.rejects(api.upload('sales.csv', 'not bytes'), hasCode('bad-input'));
  await assert.rejects(api.upload(undefined, bytes), hasCode('bad-input'));
  assert.equal(invocations.length, 1);

  const refused = loadPreload(() => ({ error: { code: 'refused', message: 'too big' } }));
  await assert.rejects(refused.api.upload('big.csv', bytes), (e: unknown) => {
    assert.deepEqual(bodyOf(e), { code: 'refused', message: 'too big' });
    return true;
  });
});

test('onProgress passes only the payload, and unsubscribe stops it', () => {
  const { api, ipc } = loadPreload(() => undefined);
  const seen: unknown[][] = [];
  const unsubscribe = api.onProgress((...args: unknown[]) => seen.push(args));
  const payload = { taskId: 't1', phase: 'import', done: 5, total: 10 };
  ipc.emit('tillsight:progress', { sender: 'the IpcRendererEvent must not leak' }, payload);
  assert.deepEqual(seen, [[payload]]);
  assert.equal(ipc.listenerCount('tillsight:progress'), 1);
  unsubscribe();
  unsubscribe(); // idempotent
  assert.equal(ipc.listenerCount('tillsight:progress'), 0);
  ipc.emit('tillsight:progress', {}, payload);
  assert.equal(seen.length, 1);
  assert.throws(() => api.onProgress('not a function'), hasCode('bad-input'));
});

test('importFile sends the real path webUtils gives, and refuses a File with none', async () => {
  const { api, invocations } = loadPreload(() => ({ uploadId: 'b'.repeat(24), fileName: 'sales.csv', size: 42 }));
  assert.deepEqual(await api.importFile({ name: 'sales.csv', diskPath: '/home/o/sales.csv' }), { uploadId: 'b'.repeat(24), fileName: 'sales.csv', size: 42 });
  assert.deepEqual(invocations, [['tillsight:open-path', '/home/o/sales.csv']]);
  // A File the page made itself (new File([...])) is not on disk: nothing is sent.
  await assert.rejects(api.importFile({ name: 'made-up.csv' }), hasCode('bad-input'));
  await assert.rejects(api.importFile('/etc/passwd'), hasCode('bad-input'), 'a string is not a File');
  assert.equal(invocations.length, 1);
  const refused = loadPreload(() => ({ error: { code: 'refused', message: 'own file' } }));
  await assert.rejects(refused.api.importFile({ diskPath: '/x/tillsight.db' }), hasCode('refused'));
});

test('saveDownload sends only the id and a suggested name', async () => {
  const { api, invocations } = loadPreload(() => ({ saved: true, path: '/home/o/Documents/r.pdf' }));
  assert.deepEqual(await api.saveDownload('abc123def', 'Year 2011.pdf'), { saved: true, path: '/home/o/Documents/r.pdf' });
  assert.deepEqual(invocations, [['tillsight:save-download', 'abc123def', 'Year 2011.pdf']]);
  await assert.rejects(api.saveDownload(42, 'x'), hasCode('bad-input'));
  const cancelled = loadPreload(() => ({ saved: false }));
  assert.deepEqual(await cancelled.api.saveDownload('abc123def'), { saved: false });
});

test('onMenu: events before the page listens are kept for its first listener; only payloads pass', () => {
  const { api, ipc } = loadPreload(() => undefined);
  const early = { action: 'import-uploads', uploads: [{ uploadId: 'c'.repeat(24), name: 'a.csv', size: 1 }], errors: [] };
  ipc.emit('tillsight:menu', { sender: 'must not leak' }, early);
  const seen: unknown[][] = [];
  const off = api.onMenu((...args: unknown[]) => seen.push(args));
  assert.deepEqual(seen, [[early]], 'the launch-time file reaches the page');
  ipc.emit('tillsight:menu', {}, { action: 'reload' });
  assert.deepEqual(seen[1], [{ action: 'reload' }]);
  off();
  ipc.emit('tillsight:menu', {}, { action: 'reload' });
  assert.equal(seen.length, 2);
  assert.throws(() => api.onMenu(null), hasCode('bad-input'));
});

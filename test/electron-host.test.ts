// The desktop app's core host (electron/core-host.ts) and main's client for it
// (electron/host/client.ts), run for real: the compiled host entry is started as a child
// process with `child_process.fork` (the same entry and messages as under Electron's
// utilityProcess, where only the port object differs: electron/host/parent-link.ts), on a real
// SQLite file, with real imports in its worker threads. The child is killed with SIGKILL to
// check the restart policy. Figures are checked against counts made here from the CSV itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '../common/api.js';
import { HostClient, HostError, RestartPolicy, type HostState, type SpawnHost } from '../electron/host/client.js';
import { parseHostMessage, parseHostRequest, takesTaskId } from '../electron/host/protocol.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const hostEntry = path.join(root, 'dist', 'electron', 'core-host.js');

let tmp = '';
before(() => {
  assert.ok(fs.existsSync(hostEntry), 'dist/electron/core-host.js is missing: run `npm run build:node`');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-host-'));
});
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Spawns the real host entry as a forked Node child, as main spawns it as a utility process. */
function forkSpawn(dbPath: string, dataDir: string): SpawnHost {
  return (handlers) => {
    // No automatic training after each import here (it would only slow these tests down); `train` is asked for below.
    const child = fork(hostEntry, ['--db', dbPath, '--data', dataDir, '--train-debounce-ms', '0'], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m) => handlers.message(m));
    child.on('exit', (code) => handlers.exit(code));
    return {
      post: (m) => {
        if (child.connected) child.send(m as never);
      },
      kill: () => void child.kill('SIGKILL'),
      get pid() {
        return child.pid;
      },
    };
  };
}

interface Started {
  client: HostClient;
  dbPath: string;
  dataDir: string;
  progress: ProgressEvent[];
  states: HostState[];
}

async function startHost(name: string, policy?: RestartPolicy): Promise<Started> {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  const dbPath = path.join(dir, 'shop.db');
  const dataDir = path.join(dir, 'user-data');
  const progress: ProgressEvent[] = [];
  const states: HostState[] = [];
  const client = new HostClient({ spawn: forkSpawn(dbPath, dataDir), onProgress: (e) => progress.push(e), onState: (s) => states.push(s), policy });
  assert.equal(await client.start(), dbPath);
  return { client, dbPath, dataDir, progress, states };
}

/** A sales file of `receipts` one-line receipts over January 2024, and what it holds, counted here. */
function salesCsv(file: string, receipts: number): { lines: number; net: number } {
  const rows = ['Date,Receipt,Product,Quantity,Net sales'];
  let net = 0;
  for (let i = 0; i < receipts; i++) {
    const price = 1 + (i % 7) * 0.5;
    net += price;
    rows.push(`2024-01-${String(1 + (i % 28)).padStart(2, '0')},${100000 + i},Product ${i % 40},1,${price.toFixed(2)}`);
  }
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return { lines: receipts, net: Math.round(net * 100) / 100 };
}

const codeOf = (code: string) => (e: unknown) => e instanceof HostError && e.code === code;

test('protocol: messages are checked on both sides', () => {
  assert.equal(parseHostRequest({ type: 'request', id: 1, op: 'call', body: { method: 'status', input: {} } })?.op, 'call');
  for (const bad of [
    null,
    'x',
    { type: 'request', id: 0, op: 'call', body: {} },
    { type: 'request', id: 1, op: 'rm -rf', body: {} },
    { type: 'request', id: 1.5, op: 'busy', body: {} },
    { type: 'request', id: 2, op: 'busy' },
  ]) {
    assert.equal(parseHostRequest(bad), null, JSON.stringify(bad));
  }
  assert.deepEqual(parseHostMessage({ type: 'reply', id: 3, error: { code: 'weird', message: 'm' } }), {
    type: 'reply',
    id: 3,
    error: { code: 'internal', message: 'm' },
  });
  assert.deepEqual(parseHostMessage({ type: 'reply', id: 3, ok: 0 }), { type: 'reply', id: 3, ok: 0 });
  assert.equal(parseHostMessage({ type: 'reply', id: 3 }), null, 'a reply carries ok or error');
  assert.equal(parseHostMessage({ type: 'progress', event: { taskId: 't' } }), null);
  assert.equal(takesTaskId('importCommit'), true);
  assert.equal(takesTaskId('sampleLoad'), true);
  assert.equal(takesTaskId('undo'), false);
  assert.equal(takesTaskId('constructor'), false);
});

test('restart policy: a few restarts with growing pauses, then it gives up; old crashes age out', () => {
  const p = new RestartPolicy(3, 60_000, [200, 1000, 3000]);
  assert.equal(p.onCrash(0), 200);
  assert.equal(p.onCrash(1_000), 1000);
  assert.equal(p.onCrash(2_000), 3000);
  assert.equal(p.onCrash(3_000), null, 'a fourth crash within a minute: stay down');
  const q = new RestartPolicy(2, 10_000, [0]);
  assert.equal(q.onCrash(0), 0);
  assert.equal(q.onCrash(5_000), 0);
  assert.equal(q.onCrash(20_000), 0, 'crashes more than the window apart never add up');
});

test('the host answers API calls with typed results and error codes', async () => {
  const { client, dbPath } = await startHost('calls');
  try {
    const status = await client.call('status', {});
    assert.equal(status.dbPath, dbPath);
    assert.equal(status.lines, 0);
    await assert.rejects(client.call('kpis', { from: 'yesterday' }), codeOf('bad-input'));
    await assert.rejects(client.request('call', { method: 'dropEverything' as never, input: {} }), codeOf('not-found'));
    await assert.rejects(client.request('call', { method: 'constructor' as never, input: {} }), codeOf('not-found'));
    assert.deepEqual(await client.callEnvelope('kpis', { from: 'nope' }).then((r) => ('error' in r ? r.error.code : 'ok')), 'bad-input');
    // Many requests at once come back to their own callers.
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? client.call('status', {}) : client.call('batches', {}))));
    many.forEach((r, i) => assert.equal(Array.isArray(r), i % 2 === 0, `reply ${i} went to its caller`));
  } finally {
    await client.stop();
  }
});

test('uploads and imports by path: the file is read where it is, progress is forwarded, the figures are right', async () => {
  const { client, dataDir, progress } = await startHost('import');
  try {
    const outside = fs.mkdtempSync(path.join(tmp, 'downloads-'));
    const csv = path.join(outside, 'till export.csv');
    const expected = salesCsv(csv, 300);
    const before = fs.readFileSync(csv);

    const linked = await client.request('openPath', { filePath: csv });
    assert.equal(linked.fileName, 'till export.csv');
    assert.equal(linked.size, before.length);
    const bin = path.join(dataDir, 'uploads', `${linked.uploadId}.bin`);
    assert.equal(linked.linked, 'symlink', 'on Linux the upload is a symbolic link to the original');
    assert.equal(fs.realpathSync(bin), fs.realpathSync(csv), 'the upload points at the real file, not a copy');

    const preview = await client.call('importPreview', { uploadId: linked.uploadId });
    assert.equal(preview.file, 'till export.csv');
    assert.equal(preview.counts.new, expected.lines);

    const result = await client.call('importCommit', { uploadId: linked.uploadId, taskId: 'by-path' });
    assert.equal(result.rowsImported, expected.lines);
    assert.ok(
      progress.some((e) => e.taskId === 'by-path' && e.phase === 'import'),
      'progress of the import reached main',
    );
    assert.ok(!fs.existsSync(bin), 'the link is gone after the import');
    assert.deepEqual(fs.readFileSync(csv), before, 'the original file is untouched');

    const kpis = await client.call('kpis', { from: '2024-01-01', to: '2024-01-31' });
    assert.equal(kpis.orders, expected.lines);
    assert.ok(Math.abs(kpis.netSales - expected.net) < 0.005, `net sales ${kpis.netSales} = ${expected.net}`);

    // Bytes from the page still work (the browser-style upload).
    const bytes = new TextEncoder().encode('Date,Receipt,Product,Quantity,Net sales\n2024-02-01,9,Tea,1,3.50\n');
    const up = await client.request('upload', { name: 'typed.csv', bytes });
    assert.equal((await client.call('importCommit', { uploadId: up.uploadId })).rowsImported, 1);
  } finally {
    await client.stop();
  }
});

test("openPath refuses what is not an importable file of the owner's", async () => {
  const { client, dbPath, dataDir } = await startHost('refuse');
  try {
    await assert.rejects(client.request('openPath', { filePath: 'relative.csv' }), codeOf('bad-input'));
    await assert.rejects(client.request('openPath', { filePath: 42 as never }), codeOf('bad-input'));
    await assert.rejects(client.request('openPath', { filePath: tmp }), codeOf('bad-input'), 'a folder');
    await assert.rejects(client.request('openPath', { filePath: path.join(tmp, 'nope.csv') }), codeOf('not-found'));
    await assert.rejects(client.request('openPath', { filePath: dbPath }), codeOf('refused'), 'the database itself');
    const own = path.join(dataDir, 'uploads', 'x.csv');
    fs.mkdirSync(path.dirname(own), { recursive: true });
    fs.writeFileSync(own, 'a,b\n');
    await assert.rejects(client.request('openPath', { filePath: own }), codeOf('refused'), 'the uploads folder');
    // A link pointing into the app's files is followed before the check.
    const sneaky = path.join(tmp, 'sneaky.csv');
    fs.symlinkSync(dbPath, sneaky);
    await assert.rejects(client.request('openPath', { filePath: sneaky }), codeOf('refused'));
    assert.equal(fs.readdirSync(path.join(dataDir, 'uploads')).length, 1, 'nothing was registered');
  } finally {
    await client.stop();
  }
});

test('long work is listed, cancelled cleanly (rolled back), and the WAL checkpointed', async () => {
  const { client, dbPath } = await startHost('busy');
  try {
    const csv = path.join(tmp, 'big-busy.csv');
    salesCsv(csv, 400_000);
    const { uploadId } = await client.request('openPath', { filePath: csv });
    const importing = client.call('importCommit', { uploadId }).then(
      () => 'finished',
      (e: unknown) => (e instanceof HostError ? e.code : String(e)),
    );
    let tasks = await client.request('busy', {});
    for (let i = 0; i < 50 && tasks.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      tasks = await client.request('busy', {});
    }
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].method, 'importCommit');
    assert.equal(tasks[0].label, 'an import');
    assert.equal(tasks[0].cancellable, true);
    assert.match(tasks[0].taskId, /^host-/, 'the host gave the import a task id of its own');
    const { cancelled } = await client.request('cancelAll', {});
    assert.equal(cancelled, 1);
    assert.equal(await importing, 'cancelled');
    assert.deepEqual(await client.request('busy', {}), []);
    assert.equal((await client.call('status', {})).lines, 0, 'a cancelled import leaves nothing behind');

    const small = path.join(tmp, 'small-busy.csv');
    salesCsv(small, 50);
    await client.call('importCommit', { uploadId: (await client.request('openPath', { filePath: small })).uploadId });
    const cp = await client.request('checkpoint', {});
    assert.equal(cp.busy, 0);
    assert.equal(cp.log, cp.checkpointed, 'every WAL page went into the file');
    assert.equal(fs.statSync(`${dbPath}-wal`).size, 0, 'TRUNCATE empties the WAL file');
  } finally {
    await client.stop();
  }
  assert.ok(!fs.existsSync(`${dbPath}-wal`) || fs.statSync(`${dbPath}-wal`).size === 0, 'shutdown leaves no WAL to replay');
});

test('report downloads are found by id inside reports/ only, by the same lookup as the HTTP host', async () => {
  const { client, dataDir } = await startHost('download');
  try {
    const reports = path.join(dataDir, 'reports');
    fs.mkdirSync(reports, { recursive: true });
    const id = 'abc123def456abc123def456';
    fs.writeFileSync(path.join(reports, `${id}.pdf`), '%PDF-1.7\n');
    fs.writeFileSync(path.join(reports, `${id}.name`), 'Shop report 2011.pdf');
    const a = await client.request('download', { downloadId: id });
    assert.equal(a.filePath, fs.realpathSync(path.join(reports, `${id}.pdf`)));
    assert.equal(a.fileName, 'Shop report 2011.pdf');
    for (const bad of ['../etc', '..', 'a/b', '', 'x'.repeat(65), 'short', `${id.slice(0, 23)}/`, id.toUpperCase()]) {
      await assert.rejects(client.request('download', { downloadId: bad }), codeOf('bad-input'), bad);
    }
    await assert.rejects(client.request('download', { downloadId: '0123456789abcdef01234567' }), codeOf('not-found'));
    // A link in reports/ that leads outside is not followed out.
    fs.writeFileSync(path.join(tmp, 'secret.pdf'), 'secret');
    const evil = 'eeee0000eeee0000eeee0000';
    fs.symlinkSync(path.join(tmp, 'secret.pdf'), path.join(reports, `${evil}.pdf`));
    await assert.rejects(client.request('download', { downloadId: evil }), codeOf('not-found'));
  } finally {
    await client.stop();
  }
});

test('a crashed host is restarted; the request it was answering fails; the data is intact', async () => {
  const { client, states } = await startHost('crash', new RestartPolicy(2, 60_000, [50]));
  const csv = path.join(tmp, 'crash.csv');
  salesCsv(csv, 120);
  await client.call('importCommit', { uploadId: (await client.request('openPath', { filePath: csv })).uploadId });
  const big = path.join(tmp, 'big-crash.csv');
  salesCsv(big, 400_000);
  const { uploadId } = await client.request('openPath', { filePath: big });
  const firstPid = client.pid;
  const inFlight = client.call('importCommit', { uploadId });
  await new Promise((r) => setTimeout(r, 100));
  process.kill(firstPid!, 'SIGKILL');
  await assert.rejects(inFlight, (e: unknown) => e instanceof HostError && e.code === 'internal' && /stopped/.test(e.message));
  // Requests made meanwhile wait for the new host.
  const status = await client.call('status', {});
  assert.equal(status.lines, 120, 'the killed import left nothing; the earlier one is all there');
  assert.notEqual(client.pid, firstPid);
  assert.equal(client.restartCount, 1);
  assert.ok(states.includes('restarting'));

  // Past the policy's limit it stays down and says so.
  process.kill(client.pid!, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await client.call('status', {})).lines, 120);
  process.kill(client.pid!, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(client.currentState, 'failed');
  await assert.rejects(client.call('status', {}), codeOf('internal'));
});

test("Retrain: the model runtime's train method runs through the host and is listed as cancellable work", async () => {
  const { client } = await startHost('train');
  try {
    const csv = path.join(tmp, 'train.csv');
    salesCsv(csv, 200);
    await client.call('importCommit', { uploadId: (await client.request('openPath', { filePath: csv })).uploadId });
    const training = client.call('train', { taskId: 'menu-retrain' });
    const tasks = await client.request('busy', {});
    const result = await training;
    assert.ok(Array.isArray(result.runs), 'a run per registered model kind');
    assert.ok(tasks.length <= 1);
    if (tasks.length) assert.deepEqual([tasks[0].taskId, tasks[0].label, tasks[0].cancellable], ['menu-retrain', 'training the models', true]);
    const status = await client.call('modelStatus', {});
    assert.equal(status.training, null, 'nothing left training');
  } finally {
    await client.stop();
  }
});

test('a database the host cannot open: start fails with the reason, no restart', async () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'fatal-'));
  const dirAsDb = fs.mkdtempSync(path.join(dir, 'not-a-file-'));
  const states: HostState[] = [];
  const client = new HostClient({ spawn: forkSpawn(dirAsDb, path.join(dir, 'data')), onState: (s) => states.push(s) });
  await assert.rejects(client.start(), (e: unknown) => e instanceof HostError && e.message.length > 0);
  assert.deepEqual(states, ['starting', 'failed']);
  await assert.rejects(client.call('status', {}), codeOf('internal'));
});

test('stop: the host checkpoints, closes the database and exits; later requests are refused', async () => {
  const { client, dbPath } = await startHost('stop');
  const csv = path.join(tmp, 'stop.csv');
  salesCsv(csv, 40);
  await client.call('importCommit', { uploadId: (await client.request('openPath', { filePath: csv })).uploadId });
  const pid = client.pid!;
  await client.stop();
  assert.equal(client.currentState, 'stopped');
  assert.throws(() => process.kill(pid, 0), 'the host process is gone');
  assert.ok(!fs.existsSync(`${dbPath}-wal`) || fs.statSync(`${dbPath}-wal`).size === 0);
  await assert.rejects(client.call('status', {}), codeOf('refused'));
});

test('stop between a crash and its restart: nothing is restarted, requests are refused', async () => {
  const { client } = await startHost('stop-while-down', new RestartPolicy(3, 60_000, [400]));
  const pid = client.pid!;
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && client.currentState !== 'restarting'; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(client.currentState, 'restarting');
  await client.stop();
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(client.currentState, 'stopped');
  assert.equal(client.pid, undefined, 'no new host was started after stop');
  await assert.rejects(client.call('status', {}), codeOf('refused'));
});

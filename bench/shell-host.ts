/**
 * Does the desktop window stay responsive while the core works? The same dashboard views,
 * on the real Online Retail year, asked for the way the shell used to answer them (callApi on
 * the main process's own thread) and the way it does now (forwarded to the core host, a child
 * process running electron/core-host.ts, as Electron's utilityProcess runs it). For each: the
 * longest stall of the asking process's event loop (what freezes menus and window events in
 * Electron's main process), the wall time of the whole set, and CPU time of both processes.
 * There is no outside reference tool for this; the comparison is the old in-process design.
 *
 *   node dist/bench/shell-host.js [--db PATH] [--runs 3]
 *
 * Without --db it imports the real data (../shared/data) into a temporary database first
 * (`tillsight import`); it says so and stops when the data is absent.
 */
import { fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { callApi, type ApiContext } from '../core/api/index.js';
import { openDb } from '../core/store/db.js';
import { HostClient, type SpawnHost } from '../electron/host/client.js';
import { DASHBOARD_VIEWS, ROOT, median, realDataCsv } from './common.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string', default: '3' } } });
const runs = Math.max(1, Number(values.runs));

function prepareDb(): string | null {
  if (values.db) return path.resolve(values.db);
  const csv = realDataCsv();
  if (!csv) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-shell-bench-'));
  const db = path.join(dir, 'real.db');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tillsight.js'), 'import', csv, '--db', db], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('tillsight import failed');
  return db;
}

/** utime + stime of a process, in ms, from /proc (Linux); null elsewhere. */
function cpuOfPid(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

interface Result {
  wallMs: number;
  stallMaxMs: number;
  stallP99Ms: number;
  askerCpuMs: number;
  hostCpuMs: number | null;
  perCallMedianMs: number;
}

async function measure(ask: (method: string, input: unknown) => Promise<unknown>, hostPid?: number): Promise<Result> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const cpu0 = process.cpuUsage();
  const host0 = cpuOfPid(hostPid);
  const t0 = performance.now();
  const times: number[] = [];
  h.enable();
  for (let r = 0; r < runs; r++) {
    for (const [method, input] of DASHBOARD_VIEWS) {
      const s = performance.now();
      await ask(method, input);
      times.push(performance.now() - s);
      // What a window does between two clicks: the event loop gets a turn.
      await new Promise((res) => setImmediate(res));
    }
  }
  h.disable();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const host1 = cpuOfPid(hostPid);
  return {
    wallMs,
    stallMaxMs: h.max / 1e6,
    stallP99Ms: h.percentile(99) / 1e6,
    askerCpuMs: (cpu.user + cpu.system) / 1000,
    hostCpuMs: host0 !== null && host1 !== null ? host1 - host0 : null,
    perCallMedianMs: median(times),
  };
}

async function main(): Promise<void> {
  const dbPath = prepareDb();
  if (!dbPath) {
    process.stdout.write('shell-host bench skipped: ../shared/data/online-retail.csv.gz is absent (pass --db PATH to use another database).\n');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-shell-data-'));

  // The old design: the core on the asking process's thread.
  const db = openDb(dbPath);
  const ctx: ApiContext = { db, dbPath, uploadDir: path.join(dataDir, 'uploads'), emitProgress: () => {} };
  const inProcess = await measure((m, i) => callApi(ctx, m, i));
  db.close();

  // Now: the core host in its own process.
  const entry = path.join(ROOT, 'dist', 'electron', 'core-host.js');
  const spawn: SpawnHost = (handlers) => {
    const child = fork(entry, ['--db', dbPath, '--data', dataDir, '--train-debounce-ms', '0'], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m) => handlers.message(m));
    child.on('exit', (code) => handlers.exit(code));
    return { post: (m) => void (child.connected && child.send(m as never)), kill: () => void child.kill(), pid: child.pid };
  };
  const client = new HostClient({ spawn });
  const s0 = performance.now();
  await client.start();
  const startMs = performance.now() - s0;
  const hosted = await measure((m, i) => client.request('call', { method: m as never, input: i }), client.pid);
  await client.stop();

  const lines = DASHBOARD_VIEWS.length * runs;
  const row = (name: string, r: Result) =>
    `${name.padEnd(28)} ${r.wallMs.toFixed(0).padStart(8)} ms ${r.perCallMedianMs.toFixed(1).padStart(9)} ms ${r.stallMaxMs.toFixed(1).padStart(10)} ms ${r.stallP99Ms.toFixed(1).padStart(9)} ms ${r.askerCpuMs.toFixed(0).padStart(9)} ms ${r.hostCpuMs === null ? '      n/a' : `${r.hostCpuMs.toFixed(0).padStart(7)} ms`}\n`;
  process.stdout.write(
    `\nDesktop shell: ${lines} dashboard calls (${DASHBOARD_VIEWS.length} views x ${runs}) on ${path.basename(dbPath)}; the host started in ${startMs.toFixed(0)} ms\n`,
  );
  process.stdout.write(
    `${'design'.padEnd(28)} ${'wall'.padStart(11)} ${'call median'.padStart(12)} ${'main stall'.padStart(13)} ${'stall p99'.padStart(12)} ${'main CPU'.padStart(12)} ${'host CPU'.padStart(10)}\n`,
  );
  process.stdout.write(row('in main (before)', inProcess));
  process.stdout.write(row('core host (now)', hosted));
  process.stdout.write('main stall = the longest time the asking process\u2019s event loop could not run (menus, window events in Electron).\n');
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (!values.db) fs.rmSync(path.dirname(dbPath), { recursive: true, force: true });
}

await main();

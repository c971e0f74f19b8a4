/**
 * Import speed on the real Online Retail file (541,909 rows), side by side with
 * SQLite's own CLI importing the same CSV into a bare table, in one run.
 *
 *   npm run build && node dist/bench/import.js [runs] [--baseline DIR]
 *
 * Each side runs as its own process, alternating, `runs` times (default 3);
 * the medians are compared, wall time and CPU time (user + system, from
 * /usr/bin/time: on a busy machine wall time waits for the other processes,
 * CPU time much less). Peak memory is the child's max RSS.
 *
 * --baseline DIR: another built checkout of Tillsight (e.g. the commit before a
 * change, `git worktree add` + `npm run build:node` there) imports the same
 * file in the same rounds, alternating with this one: before and after, in one
 * sitting.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, realDataCsv, ROOT } from './common.js';
import type { ImportBatchResult } from '../common/api.js';

interface Timed {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  stdout: string;
}

function timed(cmd: string, args: string[]): Timed {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const [rssKb, user, sys] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number];
  return { seconds, cpuSeconds: user + sys, maxRssMb: rssKb / 1024, stdout: r.stdout };
}

class Side {
  readonly wall: number[] = [];
  readonly cpu: number[] = [];
  rss = 0;
  constructor(readonly label: string) {}
  add(t: Timed): void {
    this.wall.push(t.seconds);
    this.cpu.push(t.cpuSeconds);
    this.rss = Math.max(this.rss, t.maxRssMb);
  }
  line(): string {
    const runs = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
    return `  ${this.label.padEnd(38)}: ${median(this.wall).toFixed(2)} s wall, ${median(this.cpu).toFixed(2)} s CPU   (wall: ${runs(this.wall)}; CPU: ${runs(this.cpu)})`;
  }
}

function main(): void {
  const csv = realDataCsv();
  if (!csv) {
    console.log('bench/import: ../shared/data/online-retail.csv.gz is absent; nothing to measure.');
    return;
  }
  for (const tool of ['sqlite3', '/usr/bin/time']) {
    if (spawnSync('which', [tool]).status !== 0) {
      console.log(`bench/import: ${tool} is not installed (apt-get install -y sqlite3 time).`);
      return;
    }
  }
  const args = process.argv.slice(2);
  const at = args.indexOf('--baseline');
  const baseline = at >= 0 ? path.resolve(args.splice(at, 2)[1] ?? '') : null;
  if (baseline && !fs.existsSync(path.join(baseline, 'bin', 'tillsight.js'))) throw new Error(`--baseline ${baseline}: no bin/tillsight.js there`);
  const runs = Number(args[0] ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-bench-'));
  const sizeMb = fs.statSync(csv).size / 1e6;
  const theirs = new Side('sqlite3 CLI .import into a bare table');
  const ours = new Side('tillsight import (whole pipeline)');
  const before = baseline ? new Side('the baseline checkout, same import') : null;
  let rows = '';
  const importWith = (root: string, db: string) => timed(process.execPath, [path.join(root, 'bin', 'tillsight.js'), 'import', csv, '--db', db, '--json']);
  for (let i = 0; i < runs; i++) {
    theirs.add(timed('sqlite3', [path.join(dir, `ref${i}.db`), '.mode csv', `.import ${csv} sales`]));
    // Alternate which checkout goes first, so neither always meets a warmer page cache.
    const order: Array<[Side, string]> = [[ours, ROOT]];
    if (before && baseline) order[i % 2 ? 'push' : 'unshift']([before, baseline]);
    for (const [side, root] of order) {
      const r = importWith(root, path.join(dir, `${side === ours ? 'ours' : 'base'}${i}.db`));
      side.add(r);
      if (side === ours) {
        const b = (JSON.parse(r.stdout) as { batches: ImportBatchResult[] }).batches[0];
        rows = `${b.rowsRead} read, ${b.rowsImported} imported`;
      }
    }
  }
  console.log(
    `Import of the real Online Retail file (${sizeMb.toFixed(1)} MB, ${rows}), median of ${runs} runs, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}:`,
  );
  console.log(theirs.line());
  console.log(ours.line());
  if (before) console.log(before.line());
  console.log(
    `  ratio tillsight / sqlite3             : ${(median(ours.wall) / median(theirs.wall)).toFixed(2)}x wall, ${(median(ours.cpu) / median(theirs.cpu)).toFixed(2)}x CPU   (target <= 1.5x)`,
  );
  if (before)
    console.log(
      `  this checkout / the baseline          : ${(median(ours.wall) / median(before.wall)).toFixed(3)}x wall, ${(median(ours.cpu) / median(before.cpu)).toFixed(3)}x CPU`,
    );
  console.log(
    `  peak memory (max RSS) of the import   : ${ours.rss.toFixed(0)} MB for a ${sizeMb.toFixed(0)} MB file${before ? ` (baseline ${before.rss.toFixed(0)} MB)` : ''}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

main();

/**
 * Import speed on the real Online Retail file (541,909 rows), side by side with
 * SQLite's own CLI importing the same CSV into a bare table, in one run.
 *
 *   npm run build && node dist/bench/import.js [runs]
 *
 * Each side runs as its own process, alternating, `runs` times (default 3);
 * the medians are compared. Peak memory is the child's max RSS.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, realDataCsv, ROOT } from './common.js';

function timed(cmd: string, args: string[]): { seconds: number; maxRssMb: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const rssKb = Number(r.stderr.trim().split('\n').at(-1));
  return { seconds, maxRssMb: rssKb / 1024, stdout: r.stdout };
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
  const runs = Number(process.argv[2] ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-bench-'));
  const sizeMb = fs.statSync(csv).size / 1e6;
  const ours: number[] = [];
  const theirs: number[] = [];
  let rss = 0;
  let rows = '';
  for (let i = 0; i < runs; i++) {
    const ref = path.join(dir, `ref${i}.db`);
    theirs.push(timed('sqlite3', [ref, '.mode csv', `.import ${csv} sales`]).seconds);
    const db = path.join(dir, `ours${i}.db`);
    const r = timed(process.execPath, [path.join(ROOT, 'bin', 'tillsight.js'), 'import', csv, '--db', db, '--json']);
    ours.push(r.seconds);
    rss = Math.max(rss, r.maxRssMb);
    const b = JSON.parse(r.stdout).batches[0];
    rows = `${b.rowsRead} read, ${b.rowsImported} imported`;
  }
  const o = median(ours);
  const t = median(theirs);
  console.log(`Import of the real Online Retail file (${sizeMb.toFixed(1)} MB, ${rows}), median of ${runs} runs, ${os.cpus().length} cores:`);
  console.log(`  sqlite3 CLI .import into a bare table : ${t.toFixed(2)} s   (runs: ${theirs.map((x) => x.toFixed(2)).join(', ')})`);
  console.log(`  tillsight import (whole pipeline)     : ${o.toFixed(2)} s   (runs: ${ours.map((x) => x.toFixed(2)).join(', ')})`);
  console.log(`  ratio tillsight / sqlite3             : ${(o / t).toFixed(2)}x   (target <= 1.5x)`);
  console.log(`  peak memory (max RSS) of the import   : ${rss.toFixed(0)} MB for a ${sizeMb.toFixed(0)} MB file`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main();

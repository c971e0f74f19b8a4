/**
 * PDF report speed: a full year of the real shop (Online Retail, 1 Dec 2010 to
 * 9 Dec 2011, every section) written by `tillsight report` as a whole process
 * (start-up, opening the database, the figures, the charts, the PDF), target
 * under 5 s. Beside it, in the same run, sqlite3's CLI answering the report's
 * own aggregate questions on the same database (key figures, months, top
 * products, customers, data quality) as a floor: what reading the figures costs
 * with no rendering at all. Wall and CPU time (user + system) and peak memory
 * from /usr/bin/time for each run; the median of `runs` (default 5), alternating.
 *
 *   node dist/bench/report.js [runs] [--db PATH]   (a database of the real data; imported when absent)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, realDataCsv, ROOT } from './common.js';

const FROM = '2010-12-01';
const TO = '2011-12-09';

/** The questions the report asks, as plain SQL on the gold tables (the analytics read the same tables). */
const REFERENCE_SQL = `
SELECT sum(net), sum(gross), sum(returns), sum(non_product), sum(units), sum(orders) FROM daily_summary WHERE date BETWEEN '${FROM}' AND '${TO}';
SELECT count(DISTINCT customer_id) FROM daily_customer WHERE date BETWEEN '${FROM}' AND '${TO}';
SELECT substr(date, 1, 7), sum(net), sum(orders), sum(returns) FROM daily_summary WHERE date BETWEEN '${FROM}' AND '${TO}' GROUP BY 1;
SELECT strftime('%Y-%W', date), sum(net) FROM daily_summary WHERE date BETWEEN '${FROM}' AND '${TO}' GROUP BY 1;
SELECT p.name, p.sku, sum(m.quantity), sum(m.net) AS n FROM monthly_product m JOIN products p ON p.id = m.product_id WHERE p.is_product = 1 AND m.month BETWEEN '${FROM.slice(0, 7)}' AND '${TO.slice(0, 7)}' GROUP BY m.product_id ORDER BY n DESC LIMIT 10;
SELECT p.name, p.sku, sum(m.quantity), sum(m.net) AS n FROM monthly_product m JOIN products p ON p.id = m.product_id WHERE p.is_product = 1 AND m.month BETWEEN '${FROM.slice(0, 7)}' AND '${TO.slice(0, 7)}' GROUP BY m.product_id HAVING n > 0 ORDER BY n ASC LIMIT 10;
SELECT customer_id, net, orders, last_date FROM customer_summary ORDER BY net DESC LIMIT 10;
SELECT first_date < '${FROM}', count(*), sum(net) FROM customer_summary GROUP BY 1;
SELECT c.month, count(*) FROM customer_month c GROUP BY 1;
SELECT count(*), sum(rows_read), sum(rows_imported), sum(rows_rejected) FROM import_batches;
SELECT date FROM daily_summary GROUP BY date ORDER BY date;
`;

interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
}

/** Runs a command under /usr/bin/time: wall clock, user + system CPU, and peak memory of the whole process. */
function timed(cmd: string, args: string[], input?: string): Run {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...args], { encoding: 'utf8', input, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing from /usr/bin/time: ${r.stderr}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024 };
}

function ensureTools(): boolean {
  const missing = ['sqlite3', 'pdfinfo'].filter((t) => spawnSync('which', [t]).status !== 0);
  if (!fs.existsSync('/usr/bin/time')) missing.push('time');
  if (!missing.length) return true;
  const pkgs = missing.map((t) => (t === 'pdfinfo' ? 'poppler-utils' : t));
  console.log(`bench/report: installing ${pkgs.join(', ')}`);
  const r = spawnSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${pkgs.join(' ')}`], { stdio: 'inherit' });
  return r.status === 0;
}

function main(): void {
  const args = process.argv.slice(2);
  const dbAt = args.indexOf('--db');
  const runs = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--db') ?? 5);
  if (!ensureTools()) return console.log('bench/report: sqlite3, time and poppler-utils are needed (apt-get install -y sqlite3 time poppler-utils).');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-bench-report-'));
  const cli = path.join(ROOT, 'bin', 'tillsight.js');
  let db = dbAt >= 0 ? args[dbAt + 1] : path.join(dir, 'real.db');
  if (!fs.existsSync(db)) {
    const csv = realDataCsv();
    if (!csv) return console.log('bench/report: ../shared/data/online-retail.csv.gz is absent; nothing to measure.');
    if (dbAt < 0) db = path.join(dir, 'real.db');
    console.log(`bench/report: importing the real data into ${db}`);
    const r = spawnSync(process.execPath, [cli, 'import', csv, '--db', db], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  // One untimed run of each, so both read a warm page cache.
  const out = path.join(dir, 'year.pdf');
  const report = () => timed(process.execPath, [cli, 'report', '--db', db, '--from', FROM, '--to', TO, '--shop', 'Online Retail', '--out', out, '--quiet']);
  const reference = () => timed('sqlite3', [db], REFERENCE_SQL);
  report();
  reference();
  const ours: Run[] = [];
  const theirs: Run[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(report());
    theirs.push(reference());
  }
  const pages = /^Pages:\s+(\d+)/m.exec(spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout)?.[1];
  const row = (name: string, rs: Run[]) =>
    `${name.padEnd(44)} ${median(rs.map((r) => r.wall))
      .toFixed(2)
      .padStart(7)} s ${median(rs.map((r) => r.cpu))
      .toFixed(2)
      .padStart(7)} s ${median(rs.map((r) => r.rssMb))
      .toFixed(0)
      .padStart(6)} MB`;
  console.log(`\nPDF report of the real year (${FROM} to ${TO}, ${pages} pages, ${(fs.statSync(out).size / 1024).toFixed(0)} KB), median of ${runs}:`);
  console.log(`${''.padEnd(44)} ${'wall'.padStart(9)} ${'CPU'.padStart(9)} ${'peak'.padStart(9)}`);
  console.log(row('tillsight report (whole process)', ours));
  console.log(row('sqlite3 CLI, the same figures, no rendering', theirs));
  console.log(`target: under 5 s wall for the whole process — ${median(ours.map((r) => r.wall)) < 5 ? 'met' : 'NOT met'}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main();

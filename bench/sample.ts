/**
 * Sample shop at scale: generates a large shop (default 5,000,000 sales lines)
 * into a temporary folder and reports elapsed time, throughput and peak memory.
 * Rows are streamed to disk, so peak RSS should stay flat whatever the size.
 *
 *   node dist/bench/sample.js [--lines 5000000] [--days 731] [--seed N] [--keep] [--json]
 *
 * --keep leaves the files (and prints where) for an import benchmark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateSampleShop } from '../sample-data/generator.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '5000000' },
    days: { type: 'string' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-bench-sample-'));
const lines = Number(values.lines);
const started = process.hrtime.bigint();
let lastReport = 0;
try {
  const result = await generateSampleShop({
    out: dir,
    lines,
    days: values.days ? Number(values.days) : undefined,
    seed: values.seed ? Number(values.seed) : undefined,
    onProgress(done, total) {
      const now = Date.now();
      if (!values.json && process.stderr.isTTY && (now - lastReport > 500 || done === total)) {
        lastReport = now;
        process.stderr.write(`\r  day ${done}/${total}`);
      }
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!values.json && process.stderr.isTTY) process.stderr.write('\n');
  const usage = process.resourceUsage();
  const bytes = result.files.reduce((a, f) => a + f.bytes, 0);
  const report = {
    requestedLines: lines,
    lines: result.lines,
    locations: result.locations,
    days: result.days,
    seconds: Math.round(seconds * 100) / 100,
    linesPerSecond: Math.round(result.lines / seconds),
    megabytesWritten: Math.round(bytes / 1048576),
    peakRssMiB: Math.round(usage.maxRSS / 1024),
    files: Object.fromEntries(result.files.map((f) => [f.name, { rows: f.rows, mib: Math.round(f.bytes / 10485.76) / 100 }])),
    ...(values.keep ? { dir } : {}),
  };
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    process.stdout.write(
      `sample shop: ${report.lines.toLocaleString('en-US')} lines (${report.requestedLines.toLocaleString('en-US')} asked), ${report.locations} locations, ${report.days} days\n`,
    );
    process.stdout.write(`  elapsed ${report.seconds} s, ${report.linesPerSecond.toLocaleString('en-US')} lines/s, ${report.megabytesWritten} MiB written\n`);
    process.stdout.write(`  peak RSS ${report.peakRssMiB} MiB (process.resourceUsage().maxRSS)\n`);
    if (values.keep) process.stdout.write(`  files kept in ${dir}\n`);
  }
} finally {
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
}

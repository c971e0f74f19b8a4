/**
 * Every benchmark, one after another (`npm run bench`, about an hour on 2 cores):
 * import speed against sqlite3's CLI, dashboard speed on the real data, customer
 * segments against scikit-learn, the desktop shell's responsiveness, a year's PDF
 * report, training every model with the dashboards' responsiveness meanwhile,
 * forecast accuracy against R's forecast package (and the global model's own run),
 * anomalies against scikit-learn, then the scale runs: the 5-million-line sample
 * shop (generated, imported, every view) and ten years of the real shop (every
 * command, model and view beside the real year).
 *
 *   npm run bench               everything
 *   npm run bench -- --quick    the first five, a few minutes
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './common.js';

const node = (script: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'bench', script), ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
};

node('import.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-bench-'));
node('dashboards.js', '--real', '--db', path.join(dir, 'real.db'));
node('segments.js', '--db', path.join(dir, 'real.db')); // customer segments and value: about a minute, most of it scikit-learn
// The desktop window's responsiveness: dashboards answered on main's thread vs by the core host.
node('shell-host.js', '--db', path.join(dir, 'real.db'));
node('report.js', '3', '--db', path.join(dir, 'real.db'));
if (!process.argv.includes('--quick')) {
  node('training.js', '--db', path.join(dir, 'real.db'), '--runs', '1');
  node('forecast.js', '--db', path.join(dir, 'real.db')); // installs r-cran-forecast when missing
  node('forecast-global.js', '--db', path.join(dir, 'real.db'));
  node('anomalies.js');
  node('sample.js');
  node('dashboards.js', '--synth', '5000000', '--db', path.join(dir, 'five.db'), '--no-browser');
  node('scale.js', '--reference', path.join(dir, 'real.db'));
}
fs.rmSync(dir, { recursive: true, force: true });

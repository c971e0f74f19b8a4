/**
 * All benchmarks, one after another (`npm run bench`): import speed against
 * sqlite3's CLI, then dashboard speed on the real data, then a year's PDF report, then the desktop shell's
 * responsiveness (in-process vs the core host) on the same database. The 5-million-line
 * runs are separate commands (see the README), as they take minutes.
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
fs.rmSync(dir, { recursive: true, force: true });

// The test command (`npm test`): unit and integration tests, then end-to-end tests in Chromium.
// Everything runs under node's own test runner so one summary closes the run.
import { ensureNodeAbi } from './native-abi.js';
ensureNodeAbi(); // better-sqlite3 back to Node's ABI if `npm start` built it for Electron
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const files = [];
for (const dir of ['dist/test', 'dist/e2e']) {
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir, { recursive: true })) {
    if (String(f).endsWith('.test.js')) files.push(path.join(dir, String(f)));
  }
}
files.sort();
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);

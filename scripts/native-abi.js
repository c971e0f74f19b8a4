// Keeps better-sqlite3's native build matching the runtime about to load it.
//
// One node_modules serves two runtimes with different native ABIs: plain Node (`npm test`,
// the CLI, `tillsight serve`) and Electron (`npm start` on a machine with the Electron
// binary). A marker file next to the compiled addon records which one the current build is
// for; a probe (load the addon and open an in-memory database in a child process) is the
// final word, because tools such as electron-builder rebuild the addon without knowing
// about the marker.
//
//   ensureNodeAbi()              before anything runs the core under plain Node
//   ensureElectronAbi(electron)  before starting Electron (path to its binary)
//
// Both return 'ok' (nothing to do) or 'rebuilt', and throw with a readable message when a
// rebuild fails. Rebuilding for Node runs `npm rebuild better-sqlite3` (node-gyp; about a
// minute when it builds from source); rebuilding for Electron runs @electron/rebuild
// (`electron-rebuild -f -w better-sqlite3`), which needs Electron's headers (internet, once).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const addonDir = path.join(projectRoot, 'node_modules', 'better-sqlite3');
export const markerPath = path.join(addonDir, 'build', 'Release', 'tillsight-abi.json');
const electronRebuildCli = path.join(projectRoot, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js');

/** @returns {{ runtime: 'node' | 'electron', version: string, modules: string } | null} */
export function readMarker(file = markerPath) {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8'));
    if ((m.runtime === 'node' || m.runtime === 'electron') && typeof m.version === 'string') return m;
  } catch {
    // no marker, or an unreadable one: unknown
  }
  return null;
}

function writeMarker(marker, file = markerPath) {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...marker, writtenAt: new Date().toISOString() }, null, 2)}\n`);
  } catch {
    // the marker is a shortcut only; the probe stays the truth
  }
}

/** The Electron version installed in node_modules (its package.json), or null. */
export function electronVersion() {
  try {
    return JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/**
 * Can `executable` (node, or Electron run as node) load better-sqlite3 and open a database?
 * ok: true (yes), false (the addon is built for another ABI, or not built), null (could not tell).
 * @param {string} executable
 * @param {Record<string, string>} [extraEnv]
 */
export function probe(executable, extraEnv = {}) {
  const code = "const D=require('better-sqlite3');const d=new D(':memory:');d.prepare('select 1').get();d.close();";
  const r = spawnSync(executable, ['-e', code], {
    cwd: projectRoot,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 60_000,
  });
  const detail = (r.stderr || r.error?.message || '').trim().split('\n').slice(0, 4).join('\n');
  if (r.status === 0) return { ok: true, detail };
  // A wrong or missing build says so; anything else (the runtime did not start) proves nothing.
  const wrongBuild =
    /NODE_MODULE_VERSION|compiled against a different|Could not locate the bindings file|invalid ELF header|not a valid Win32 application|wrong ELF class|slice is not valid mach-o|incompatible architecture|Module did not self-register/i;
  return { ok: wrongBuild.test(r.stderr ?? '') ? false : null, detail };
}

/**
 * What has to happen so `target` can load the addon.
 * Pure: the decision table for the two ensure functions (unit-tested).
 * @param {'node' | 'electron'} target
 * @param {{ runtime: string, version: string } | null} marker
 * @param {string} wantedVersion  process.version for node, the Electron version for electron
 * @param {boolean | null} probeOk  result of loading the addon in `target`, null if it could not be tried
 * @returns {'none' | 'rebuild'}
 */
export function plan(target, marker, wantedVersion, probeOk) {
  if (probeOk === true) return 'none';
  if (probeOk === false) return 'rebuild';
  // No probe possible: trust the marker; no marker means a fresh `npm install`, built for Node.
  if (!marker) return target === 'node' ? 'none' : 'rebuild';
  return marker.runtime === target && marker.version === wantedVersion ? 'none' : 'rebuild';
}

function run(command, args, what) {
  process.stderr.write(`\n[tillsight] ${what}\n[tillsight] $ ${[command, ...args].join(' ')}\n`);
  const r = spawnSync(command, args, {
    cwd: projectRoot,
    stdio: 'inherit',
    shell: process.platform === 'win32', // npm is npm.cmd there
  });
  if (r.status !== 0) {
    throw new Error(`${what} failed (${r.error?.message ?? `exit code ${r.status}`}). Run the command above by hand to see why.`);
  }
}

function npmCommand() {
  // Under `npm run`, npm_execpath is npm's own CLI script: run it with this node.
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.js$/.test(execPath)) return { command: process.execPath, prefix: [execPath] };
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };
}

/** Makes better-sqlite3 loadable by this Node (`npm test`, the CLI, the HTTP server). */
export function ensureNodeAbi() {
  if (!existsSync(addonDir)) return 'ok'; // nothing installed yet: let the import fail loudly
  const wanted = process.version;
  const marker = readMarker();
  const first = probe(process.execPath);
  if (plan('node', marker, wanted, first.ok) === 'none') {
    if (first.ok && (marker?.runtime !== 'node' || marker.version !== wanted)) {
      writeMarker({ runtime: 'node', version: wanted, modules: process.versions.modules });
    }
    return 'ok';
  }
  const { command, prefix } = npmCommand();
  run(
    command,
    [...prefix, 'rebuild', 'better-sqlite3'],
    `better-sqlite3 is not built for Node ${wanted} (${marker ? `marker: ${marker.runtime} ${marker.version}` : 'no marker'}); rebuilding it for Node (about a minute)…`,
  );
  const again = probe(process.execPath);
  if (!again.ok) throw new Error(`better-sqlite3 still does not load in Node ${wanted} after rebuilding:\n${again.detail}`);
  writeMarker({ runtime: 'node', version: wanted, modules: process.versions.modules });
  return 'rebuilt';
}

/**
 * Makes better-sqlite3 loadable by Electron. `electronBinary` is the path of the Electron
 * executable (used to probe the addon with ELECTRON_RUN_AS_NODE, which the development
 * binary in node_modules honours).
 * @param {string} electronBinary
 */
export function ensureElectronAbi(electronBinary) {
  const wanted = electronVersion();
  if (!wanted) throw new Error('node_modules/electron is missing: run `npm install`.');
  const marker = readMarker();
  const first = probe(electronBinary, { ELECTRON_RUN_AS_NODE: '1' });
  if (plan('electron', marker, wanted, first.ok) === 'none') {
    if (first.ok && (marker?.runtime !== 'electron' || marker.version !== wanted)) writeMarker({ runtime: 'electron', version: wanted, modules: 'electron' });
    return 'ok';
  }
  if (!existsSync(electronRebuildCli)) {
    throw new Error('@electron/rebuild is not installed (it comes with electron-builder): run `npm install`.');
  }
  run(
    process.execPath,
    [electronRebuildCli, '-f', '-w', 'better-sqlite3', '-v', wanted],
    `better-sqlite3 is not built for Electron ${wanted}; rebuilding it for Electron (downloads Electron's headers once)…`,
  );
  const again = probe(electronBinary, { ELECTRON_RUN_AS_NODE: '1' });
  if (!again.ok) throw new Error(`better-sqlite3 still does not load in Electron ${wanted} after rebuilding:\n${again.detail}`);
  writeMarker({ runtime: 'electron', version: wanted, modules: 'electron' });
  return 'rebuilt';
}

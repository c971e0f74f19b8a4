#!/usr/bin/env node
// `npm start`: opens Tillsight.
//
// With the Electron binary installed (a normal `npm install` on a machine with internet),
// it makes sure better-sqlite3 is built for Electron's ABI and starts the desktop app.
// Without it (ELECTRON_SKIP_BINARY_DOWNLOAD=1, or the download failed, as on the CI
// machines), it starts the same interface in the browser: `tillsight serve`, prints the
// address, and opens the default browser when there is a display to open it on.
//
// Arguments after `npm start --` go to the app, e.g. `npm start -- --db ./shop.db`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronAbi, ensureNodeAbi } from '../scripts/native-abi.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const say = (line) => process.stdout.write(`[tillsight] ${line}\n`);

/**
 * The Electron executable, or null. The electron package's `require('electron')` returns
 * the binary's path, but when the binary is missing it tries to *download* it first; so
 * look for its path.txt and the file it names before asking.
 */
function electronBinary() {
  const require = createRequire(path.join(root, 'package.json'));
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let relative;
  try {
    relative = readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
  } catch {
    if (!override) return null;
  }
  const expected = override ? path.join(override, relative || 'electron') : path.join(pkgDir, 'dist', relative);
  if (!existsSync(expected)) return null;
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function missingBuild(files) {
  const missing = files.filter((f) => !existsSync(path.join(root, f)));
  if (missing.length === 0) return false;
  process.stderr.write(`[tillsight] Not built yet (missing ${missing.join(', ')}): run \`npm run build\` first.\n`);
  return true;
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (e) => {
    process.stderr.write(`[tillsight] could not start: ${e.message}\n`);
    process.exit(1);
  });
}

function startDesktop(binary) {
  if (missingBuild(['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html'])) process.exit(1);
  try {
    ensureElectronAbi(binary);
  } catch (e) {
    process.stderr.write(`[tillsight] ${e.message}\n`);
    process.exit(1);
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary a plain Node and ignore the app
  const child = spawn(binary, [root, ...args], { cwd: root, env, stdio: 'inherit', windowsHide: false });
  forwardSignals(child);
}

function hasDisplay() {
  if (process.env.CI || process.env.TILLSIGHT_NO_BROWSER) return false;
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Best effort: a browser that does not open is not an error (the address is printed). */
function openBrowser(url) {
  if (!hasDisplay()) return;
  const [command, commandArgs] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '', url.replace(/&/g, '^&')]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  try {
    const opener = spawn(command, commandArgs, { stdio: 'ignore', detached: true, windowsHide: true });
    opener.on('error', () => {});
    opener.unref();
  } catch {
    // no opener on this system: the printed address is enough
  }
}

function startBrowserVersion() {
  say('The Electron binary is not installed (node_modules/electron has no downloaded binary),');
  say('so the desktop window cannot open here. Starting the same app in your browser instead: `tillsight serve`.');
  say('(For the desktop app, download Electron once with internet access: `node node_modules/electron/install.js`.)');
  if (missingBuild(['dist/cli/main.js'])) process.exit(1);
  try {
    ensureNodeAbi();
  } catch (e) {
    process.stderr.write(`[tillsight] ${e.message}\n`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [path.join(root, 'bin', 'tillsight.js'), 'serve', ...args], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let announced = false;
  let pending = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (announced) return;
    pending = (pending + chunk.toString('utf8')).slice(-4096);
    const match = /https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]|[\w.-]+):\d+[^\s'"<>)]*/.exec(pending);
    if (!match) return;
    announced = true;
    say('');
    say(`Tillsight is running. Open ${match[0]} in your browser.`);
    say('Press Ctrl+C here to stop it.');
    openBrowser(match[0]);
  });
  forwardSignals(child);
}

const binary = electronBinary();
if (binary) startDesktop(binary);
else startBrowserVersion();

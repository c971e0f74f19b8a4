#!/usr/bin/env node
// The `tillsight` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('tillsight is not built yet: run `npm run build` in the project folder.\n');
  process.exit(1);
}
// After `npm start` built better-sqlite3 for Electron, put it back for Node (a marker file says which; cheap to read).
const abi = new URL('../scripts/native-abi.js', import.meta.url);
if (existsSync(fileURLToPath(abi))) {
  const { readMarker, ensureNodeAbi } = await import(abi.href);
  if (readMarker()?.runtime === 'electron') ensureNodeAbi();
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));

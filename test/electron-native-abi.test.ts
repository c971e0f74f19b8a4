// scripts/native-abi.js: which build of better-sqlite3 each runtime needs. The decision
// table is pure; the probe runs for real under this Node (never a rebuild here: a rebuild
// of the shared node_modules takes a minute and would disturb everything else running).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface NativeAbi {
  // Function properties: the script's exports are plain functions, taken out of the module by destructuring.
  plan: (target: 'node' | 'electron', marker: { runtime: string; version: string } | null, wanted: string, probeOk: boolean | null) => 'none' | 'rebuild';
  probe: (executable: string, extraEnv?: Record<string, string>) => { ok: boolean | null; detail: string };
  readMarker: (file?: string) => { runtime: string; version: string } | null;
  electronVersion: () => string | null;
  markerPath: string;
}

const load = async (): Promise<NativeAbi> => (await import(pathToFileURL(path.join(root, 'scripts', 'native-abi.js')).href)) as NativeAbi;

test('plan: a probe result decides when there is one', async () => {
  const { plan } = await load();
  const electronMarker = { runtime: 'electron', version: '45.4.1' };
  assert.equal(plan('node', electronMarker, 'v20.20.2', true), 'none', 'it loads: the marker was stale');
  assert.equal(plan('node', { runtime: 'node', version: 'v20.20.2' }, 'v20.20.2', false), 'rebuild', 'it does not load: rebuild whatever the marker says');
  assert.equal(plan('electron', null, '45.4.1', true), 'none');
  assert.equal(plan('electron', electronMarker, '45.4.1', false), 'rebuild');
});

test('plan: without a probe, the marker decides (no marker = fresh install, built for Node)', async () => {
  const { plan } = await load();
  assert.equal(plan('node', null, 'v20.20.2', null), 'none');
  assert.equal(plan('electron', null, '45.4.1', null), 'rebuild');
  assert.equal(plan('node', { runtime: 'electron', version: '45.4.1' }, 'v20.20.2', null), 'rebuild');
  assert.equal(plan('node', { runtime: 'node', version: 'v18.0.0' }, 'v20.20.2', null), 'rebuild', 'another Node ABI');
  assert.equal(plan('electron', { runtime: 'electron', version: '45.4.1' }, '45.4.1', null), 'none');
  assert.equal(plan('electron', { runtime: 'electron', version: '44.0.0' }, '45.4.1', null), 'rebuild', 'Electron upgraded');
  assert.equal(plan('electron', { runtime: 'node', version: 'v20.20.2' }, '45.4.1', null), 'rebuild');
});

test('probe: this Node loads the current build (npm test runs ensureNodeAbi first)', async () => {
  const { probe } = await load();
  const r = probe(process.execPath);
  assert.equal(r.ok, true, r.detail);
});

test('probe: a runtime that does not start proves nothing (null), it is not a wrong build', async () => {
  const { probe } = await load();
  const r = probe(path.join(os.tmpdir(), 'no-such-runtime-binary'));
  assert.equal(r.ok, null);
});

test('readMarker ignores missing and malformed markers', async () => {
  const { readMarker, electronVersion } = await load();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-marker-'));
  try {
    assert.equal(readMarker(path.join(dir, 'none.json')), null);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ not json');
    assert.equal(readMarker(path.join(dir, 'bad.json')), null);
    fs.writeFileSync(path.join(dir, 'odd.json'), JSON.stringify({ runtime: 'deno', version: '1' }));
    assert.equal(readMarker(path.join(dir, 'odd.json')), null);
    fs.writeFileSync(path.join(dir, 'ok.json'), JSON.stringify({ runtime: 'electron', version: '45.4.1', modules: 'electron' }));
    assert.deepEqual(readMarker(path.join(dir, 'ok.json')), { runtime: 'electron', version: '45.4.1', modules: 'electron' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.match(electronVersion() ?? '', /^\d+\.\d+\.\d+/, 'the electron package (types and version) is installed');
});

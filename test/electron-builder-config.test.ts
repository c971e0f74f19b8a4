// The packaging config, checked the way electron-builder itself reads and validates it
// (its JSON schema), without packaging: that needs Electron downloads, which these
// machines cannot make. See build/README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));

type Config = Configuration; // electron-builder's, read from YAML
/** The parts of app-builder-lib's config module and of builder-util this test calls. */
type ConfigModule = typeof import('app-builder-lib/out/util/config/config.js');
interface BuilderUtil {
  DebugLogger: new (enabled: boolean) => Parameters<ConfigModule['validateConfiguration']>[1];
  log: { stream: { write(chunk: string): boolean } };
}

async function load(configFile: string): Promise<Config> {
  // Internal modules of app-builder-lib (electron-builder 26): the same functions `electron-builder --config` runs.
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as ConfigModule;
  const fromLib = createRequire(require.resolve('app-builder-lib/package.json'));
  const { DebugLogger, log } = fromLib('builder-util') as BuilderUtil;
  log.stream = { write: () => true }; // its "loaded configuration" lines would clutter the test report
  const config = await getConfig(root, configFile, null);
  await validateConfiguration(config, new DebugLogger(false)); // throws on unknown or misplaced options
  return config;
}

const RELEASE_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
};

const targetsOf = (platform: { target?: unknown } | null | undefined): string[] =>
  (platform?.target as Array<string | { target: string }>).map((t) => (typeof t === 'string' ? t : t.target));

test("build/electron-builder.yml passes electron-builder's own validation", async () => {
  const config = await load('build/electron-builder.yml');
  assert.equal(config.appId, 'app.tillsight.desktop');
  assert.equal(config.productName, 'Tillsight');
  assert.equal(config.npmRebuild, true);
  assert.equal(config.asar, true);
  assert.deepEqual(config.electronFuses, RELEASE_FUSES);
  assert.ok([config.asarUnpack ?? []].flat().includes('node_modules/better-sqlite3/build/Release/*.node'));
  assert.deepEqual(targetsOf(config.win), ['nsis']);
  assert.deepEqual(targetsOf(config.mac), ['dmg']);
  assert.deepEqual(targetsOf(config.linux), ['AppImage', 'deb']);
  const files = JSON.stringify(config.files);
  for (const pattern of ['dist/**/*', 'bin/**/*', 'package.json', 'node_modules/**/*']) assert.ok(files.includes(pattern), pattern);
  assert.ok(config.linux?.maintainer, 'deb packages need a maintainer');
  // CSVs open with the app (imported from where they are: electron/launch-files.ts).
  const assoc = config.fileAssociations as Array<{ ext: string[]; role: string; mimeType: string }>;
  assert.equal(assoc.length, 1);
  assert.deepEqual(assoc[0].ext, ['csv', 'tsv']);
  assert.equal(assoc[0].mimeType, 'text/csv');
  assert.equal(assoc[0].role, 'Viewer', 'a viewer, not the default editor of every CSV');
});

test('the core host ships inside the app: dist/electron/core-host.js is built and packaged', () => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'electron', 'core-host.js')), 'run `npm run build:node`');
  const main = fs.readFileSync(path.join(root, 'electron', 'main.ts'), 'utf8');
  assert.match(main, /const hostEntry = path\.join\(here, 'core-host\.js'\)/, 'main starts the host from beside itself (dist/electron)');
});

test('the Playwright build differs from the release build only where Playwright needs it', async () => {
  const release = await load('build/electron-builder.yml');
  const e2e = await load('build/electron-builder.e2e.yml');
  assert.deepEqual(e2e.electronFuses, { ...RELEASE_FUSES, enableNodeCliInspectArguments: true });
  assert.equal(e2e.appId, release.appId);
  assert.notEqual(e2e.directories?.output, release.directories?.output, 'never mixed up with release artifacts');
});

test('the icon is a 512x512 PNG made from build/icon.svg', () => {
  const png = fs.readFileSync(path.join(root, 'build', 'icon.png'));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  assert.equal(png.readUInt32BE(16), 512, 'width');
  assert.equal(png.readUInt32BE(20), 512, 'height');
  const svg = fs.readFileSync(path.join(root, 'build', 'icon.svg'), 'utf8');
  assert.match(svg, /<svg[^>]+viewBox="0 0 512 512"/);
});

test('package.json points Electron at the built main process, and the build made it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; type: string; scripts: Record<string, string> };
  assert.equal(pkg.main, 'dist/electron/main.js');
  assert.equal(pkg.type, 'module', 'ESM main process');
  assert.ok(fs.existsSync(path.join(root, pkg.main)), `${pkg.main} (run \`npm run build:node\`)`);
  assert.ok(fs.existsSync(path.join(root, 'dist', 'electron', 'preload.cjs')));
  assert.match(pkg.scripts['build:node'], /electron\/tsconfig\.preload\.json && node electron\/build-preload\.mjs/);
  assert.match(pkg.scripts.dist, /electron-builder --config build\/electron-builder\.yml/);
});

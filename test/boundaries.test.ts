/**
 * Runtime boundaries, checked: the core and common layers run under plain Node
 * (no Electron, React or DOM), common/ is pure (no Node either, so the renderer
 * can use it), and the renderer never reaches Node or the core.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../bench/common.js';

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return (fs.readdirSync(abs, { recursive: true }) as string[])
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(abs, f));
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const ECHARTS_ALLOWED = [path.join('common', 'charts') + path.sep, path.join('core', 'reports') + path.sep];

test('core/, common/, workers/, cli/ and sample-data/ never import Electron, React or the DOM', () => {
  const files = ['core', 'common', 'workers', 'cli', 'sample-data'].flatMap(sources);
  assert.ok(files.length > 10);
  for (const f of files) {
    for (const spec of imports(f)) {
      assert.ok(!/^(electron|react|react-dom)(\/|$)/.test(spec), `${path.relative(ROOT, f)} imports ${spec}`);
      // Charts are pure option objects built in common/charts/ (echarts' types only) and rendered to SVG by ECharts'
      // server-side renderer in core/reports/ (PDFs); nowhere else in the Node layers draws or needs ECharts.
      if (/^echarts(\/|$)/.test(spec))
        assert.ok(
          ECHARTS_ALLOWED.some((dir) => path.relative(ROOT, f).startsWith(dir)),
          `${path.relative(ROOT, f)} imports ${spec}`,
        );
      // Our own renderer/ and electron/ folders (a package's path, such as echarts/lib/renderer/, is not one).
      assert.ok(!(spec.startsWith('.') && /(^|\/)(renderer|electron)\//.test(spec)), `${path.relative(ROOT, f)} imports ${spec}`);
    }
  }
});

test('the Node-side layers are compiled without the DOM library, so a DOM global cannot type-check there', () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { lib: string[]; types: string[] };
    include: string[];
  };
  assert.ok(!config.compilerOptions.lib.some((l) => /dom/i.test(l)), 'tsconfig.json must not include the DOM lib');
  assert.deepEqual(config.compilerOptions.types, ['node']);
  for (const dir of ['core', 'common', 'workers', 'cli', 'sample-data']) assert.ok(config.include.includes(dir), dir);
});

test('common/ is pure TypeScript: no Node built-ins, no core', () => {
  for (const f of sources('common')) {
    for (const spec of imports(f)) {
      assert.ok(
        !spec.startsWith('node:') && !/^(fs|path|os|crypto|child_process|worker_threads|better-sqlite3)$/.test(spec),
        `${path.relative(ROOT, f)} imports ${spec}`,
      );
      assert.ok(!/\.\.\/(core|cli|workers)\//.test(spec), `${path.relative(ROOT, f)} imports ${spec}`);
    }
  }
});

test('the renderer reaches the core only through common/ (no Node, no core)', () => {
  // vite.config.ts is build tooling that runs in Node, not part of the renderer.
  const files = sources('renderer').filter((f) => !f.endsWith('vite.config.ts'));
  for (const f of files) {
    for (const spec of imports(f)) {
      assert.ok(
        !spec.startsWith('node:') && !/^(fs|path|os|crypto|child_process|worker_threads|better-sqlite3|electron)$/.test(spec),
        `${path.relative(ROOT, f)} imports ${spec}`,
      );
      assert.ok(!/(^|\/)(core|cli|workers|electron)\//.test(spec), `${path.relative(ROOT, f)} imports ${spec}`);
    }
  }
});

test('the Electron shell stays thin: it uses the core only through its API entry points', () => {
  for (const f of sources('electron')) {
    for (const spec of imports(f)) {
      if (!spec.includes('/core/')) continue;
      // The desktop core host is a host like core/http/server.ts: it runs the models' training scheduler and the backup schedule too.
      if (path.relative(ROOT, f) === path.join('electron', 'core-host.ts') && /\/core\/(jobs\/training|store\/backup)\.js$/.test(spec)) continue;
      assert.ok(/\/core\/(api\/|store\/(db|paths)\.js)/.test(spec), `${path.relative(ROOT, f)} reaches into ${spec}`);
    }
  }
});

test('model mathematics never touch the database: only core/models/data/, core/models/store/ and the registry see SQL', () => {
  const files = sources('core/models');
  const sqlAllowed = /core\/models\/(data\/|store\/|registry\.ts$|train-all\.ts$|runtime\.ts$|kinds\.ts$)/;
  for (const f of files) {
    const rel = path.relative(ROOT, f);
    if (sqlAllowed.test(rel)) continue;
    for (const spec of imports(f)) {
      assert.ok(
        !/^better-sqlite3$/.test(spec) && !/(^|\/)store\/|\/api\/|\/analytics\//.test(spec) && !/\/(data|registry)(\/|\.js$)/.test(spec),
        `${rel} imports ${spec}: model code is pure (functions over arrays); read data in core/models/data/, store outputs in core/models/store/`,
      );
    }
    assert.ok(!/\.prepare\(|\bdb\.exec\(/.test(fs.readFileSync(f, 'utf8')), `${rel} runs SQL`);
  }
});

test('each reach across a layer is explicit: the worker joins sample-data/, the jobs reach the API only for its error, threads start only from their runners', () => {
  for (const f of sources('workers')) {
    for (const spec of imports(f)) {
      if (!spec.includes('sample-data/')) continue;
      // The sample shop's jobs (generate files, import them) run in the job worker like any import.
      assert.equal(path.relative(ROOT, f), path.join('workers', 'db-worker.ts'), `${path.relative(ROOT, f)} imports ${spec}`);
    }
  }
  for (const f of sources('core/jobs')) {
    for (const spec of imports(f)) {
      if (!spec.includes('/api/')) continue;
      // ApiError is the error every host sends; the jobs raise it and nothing else of the API layer.
      assert.ok(/\.\.\/api\/context\.js$/.test(spec), `${path.relative(ROOT, f)} imports ${spec}`);
    }
  }
  const threadStarters = ['core/jobs/runner.ts', 'core/import/reader-thread.ts'];
  for (const f of ['core', 'cli', 'sample-data'].flatMap(sources)) {
    const text = fs.readFileSync(f, 'utf8');
    if (/new URL\([^)]*workers\//.test(text))
      assert.ok(threadStarters.includes(path.relative(ROOT, f)), `${path.relative(ROOT, f)} starts a worker of its own`);
  }
});

test("the renderer takes no value from a module that loads zod (zod probes for eval, which the app's CSP forbids)", () => {
  const zodModules = sources('common')
    .filter((f) => imports(f).includes('zod'))
    .map((f) => path.basename(f).replace(/\.ts$/, '.js'));
  for (const f of sources('renderer').filter((x) => !x.endsWith('vite.config.ts'))) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*import\s+(type\s+)?[^'"]*?from\s+['"][./]*common\/([\w-]+\.js)['"]/g)) {
      assert.ok(
        m[1] || !zodModules.includes(m[2]),
        `${path.relative(ROOT, f)} imports values from common/${m[2]}, which loads zod: import its types only, or move the values to a zod-free module`,
      );
    }
  }
});

test('common/charts/ takes only types from echarts: the builders are pure, the renderer and core/reports draw', () => {
  for (const f of sources(path.join('common', 'charts'))) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*import\s+(type\s+)?[^'"]*?from\s+['"](echarts[^'"]*)['"]/g)) {
      assert.ok(m[1], `${path.relative(ROOT, f)} imports ${m[2]} as a value; take its types only`);
    }
  }
});

test("SQL lives with the tables' owners: no SQL in handlers, hosts, workers, the CLI, the PDF report or the sample-shop loader", () => {
  // They call named functions of the module that owns the table (core/store, core/import, core/analytics, core/models/{data,store}).
  const files = ['core/api', 'core/http', 'core/jobs', 'core/reports', 'workers', 'cli', 'electron']
    .flatMap(sources)
    .concat(path.join(ROOT, 'sample-data', 'first-run.ts'));
  assert.ok(files.length > 10);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const sql =
      /\.prepare\(|\.exec\(\s*[`'"]|\b(SELECT\s+[\w*]|INSERT\s+(OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+(TABLE|INDEX)|PRAGMA\s+\w)/.exec(
        text,
      );
    assert.equal(sql, null, `${path.relative(ROOT, f)} has SQL (${sql?.[0]}): move it to the module that owns the table`);
  }
});

test('migrations are numbered in strictly increasing order, each once', async () => {
  const { migrations } = await import('../core/store/migrations.js');
  const versions = migrations.map((m) => m.version);
  assert.deepEqual(
    versions,
    [...new Set(versions)].sort((a, b) => a - b),
  );
});

test('the API contract has no import loops: common/ modules form a tree', () => {
  const files = sources('common');
  const graph = new Map(
    files.map((f) => [
      f,
      imports(f)
        .filter((s) => s.startsWith('.'))
        .map((s) => path.resolve(path.dirname(f), s.replace(/\.js$/, '.ts'))),
    ]),
  );
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (f: string, trail: string[]): void => {
    if (state.get(f) === 'done') return;
    assert.notEqual(state.get(f), 'visiting', `import loop: ${[...trail, f].map((x) => path.relative(ROOT, x)).join(' → ')}`);
    state.set(f, 'visiting');
    for (const g of graph.get(f) ?? []) visit(g, [...trail, f]);
    state.set(f, 'done');
  };
  for (const f of files) visit(f, []);
});

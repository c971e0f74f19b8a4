/**
 * Under CI=true a suite whose prerequisite is missing fails instead of
 * skipping; elsewhere it skips and prints why. Checked on a real suite (the
 * end-to-end dashboards) run as a child test process with Chromium pointed at
 * a path where there is none.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';
import { skipUnlessCi } from './helpers/prerequisites.js';
import { ROOT } from './helpers/import-fixtures.js';

const suite = path.join(ROOT, 'dist', 'e2e', 'dashboards.test.js');
const run = (ci: boolean) =>
  spawnSync(process.execPath, ['--test', suite], {
    encoding: 'utf8',
    timeout: 120_000,
    // Without NODE_TEST_CONTEXT: the child is a test run of its own, reporting on stdout.
    env: { ...withoutTestContext(), CI: ci ? 'true' : '', TILLSIGHT_CHROMIUM: '/nonexistent/chromium' },
  });

function withoutTestContext(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

it('a missing Chromium skips the suite with its reason on a developer machine', () => {
  const r = run(false);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /# SKIP e2e dashboards: Chromium not found at \/nonexistent\/chromium/);
});

it('and fails the run under CI=true', () => {
  const r = run(true);
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /under CI=true it may not skip: Chromium not found/);
});

it('skipUnlessCi: no reason, no skip; a reason skips, or throws under CI', () => {
  const ci = process.env.CI;
  try {
    process.env.CI = '';
    assert.equal(skipUnlessCi(null, 'x'), false);
    assert.equal(skipUnlessCi('no data', 'x'), 'no data');
    process.env.CI = 'true';
    assert.equal(skipUnlessCi(null, 'x'), false);
    assert.throws(() => skipUnlessCi('no data', 'suite x'), /suite x cannot run, and under CI=true a suite may not skip: no data/);
  } finally {
    process.env.CI = ci;
  }
});

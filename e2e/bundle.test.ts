/**
 * The renderer bundle is offline: no remote URL (other than XML namespace names,
 * which are identifiers, never fetched), a strict Content-Security-Policy, the
 * token placeholder the server fills in, and no Node or core/ module inside.
 */
import { CONTENT_SECURITY_POLICY } from '../common/csp.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { skipUnlessCi } from '../test/helpers/prerequisites.js';
import { ROOT } from './helpers.js';

const DIST = path.join(ROOT, 'dist', 'renderer');
const skip = skipUnlessCi(
  fs.existsSync(path.join(DIST, 'index.html')) ? null : 'the renderer is not built: run "npm run build:renderer" first',
  'renderer bundle checks',
);

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => fs.statSync(f).isFile());
}

describe('renderer bundle', { skip }, () => {
  it('holds no remote URL', () => {
    const offenders: string[] = [];
    for (const f of files(DIST)) {
      if (!/\.(html|js|css|json|svg|map)$/.test(f)) continue;
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/https?:\/\/[^\s"'`)<>]*/g)) {
        if (/^http:\/\/www\.w3\.org\//.test(m[0])) continue;
        offenders.push(`${path.relative(DIST, f)}: ${m[0].slice(0, 80)}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('has a strict CSP, the token placeholder, and relative asset paths', () => {
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
    // The one policy (common/csp.ts), put in by the build; the hosts send it as a header too.
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.equal(
      meta,
      CONTENT_SECURITY_POLICY.replace(/; frame-ancestors [^;]*/, ''),
      'the CSP meta tag is common/csp.ts (less frame-ancestors, which a meta tag cannot carry)',
    );
    assert.match(html, /<meta name="tillsight-token" content="__TILLSIGHT_TOKEN__"/);
    assert.doesNotMatch(html, /(src|href)="\/(?!\/)/, 'assets load relative to the page (base ./)');
    assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script (CSP)');
  });

  it('contains no Node API and no core/ code', () => {
    for (const f of files(DIST).filter((x) => x.endsWith('.js'))) {
      const text = fs.readFileSync(f, 'utf8');
      assert.doesNotMatch(text, /\brequire\(["']node:|from ["']node:|better-sqlite3/, `${path.basename(f)} imports nothing from Node`);
      assert.doesNotMatch(text, /CREATE TABLE|daily_summary/, `${path.basename(f)} holds no core/ code`);
    }
  });

  it('keeps the renderer source free of node and core imports', () => {
    const src = path.join(ROOT, 'renderer');
    for (const f of files(src).filter((x) => /\.(ts|tsx)$/.test(x) && !x.endsWith('vite.config.ts'))) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)) {
        const spec = m[1];
        assert.ok(
          !spec.startsWith('node:') && !/\/core\//.test(spec) && spec !== 'better-sqlite3' && spec !== 'electron',
          `${path.relative(ROOT, f)} imports ${spec}`,
        );
      }
    }
  });
});

// The pure parts of the Electron shell's policy (electron/safe-path.ts): which file an
// app:// request may read, and which URLs count as the app's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import os from 'node:os';
import { APP_ENTRY_URL, isAppUrl, isValidUploadName, mimeType, resolveAppRequest, resolveInsideRoot, uploadBytes } from '../electron/safe-path.js';

const root = path.resolve(os.tmpdir(), 'tillsight-renderer-root');
const inside = (p: string | null): boolean => p !== null && p.startsWith(root + path.sep);

test('plain asset paths resolve inside the root', () => {
  assert.equal(resolveInsideRoot(root, '/'), path.join(root, 'index.html'));
  assert.equal(resolveInsideRoot(root, ''), path.join(root, 'index.html'));
  assert.equal(resolveInsideRoot(root, '/index.html'), path.join(root, 'index.html'));
  assert.equal(resolveInsideRoot(root, '/assets/index-abc123.js'), path.join(root, 'assets', 'index-abc123.js'));
  assert.equal(resolveInsideRoot(root, '/assets/My%20Font.woff2'), path.join(root, 'assets', 'My Font.woff2'));
  assert.equal(resolveInsideRoot(root, '/./assets/./a.css'), path.join(root, 'assets', 'a.css'));
  assert.equal(resolveInsideRoot(root, '/a..b/c...js'), path.join(root, 'a..b', 'c...js'));
});

test('dot-dot segments are refused, plain or percent-encoded', () => {
  for (const p of [
    '/..',
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/assets/../index.html', // even when it would land back inside: `..` is never needed
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/%2e./secret.txt',
    '/assets/%2e%2e/%2e%2e/etc/passwd',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
  ]) {
    assert.equal(resolveInsideRoot(root, p), null, `${p} should be refused`);
  }
  // A double-encoded dot-dot decodes once to the literal name "%2e%2e": a harmless file name inside.
  assert.ok(inside(resolveInsideRoot(root, '/%252e%252e/x')));
});

test('a sibling folder whose name starts like the root is outside', () => {
  const sibling = `/../${path.basename(root)}-evil/x.js`;
  assert.equal(resolveInsideRoot(root, sibling), null);
});

test('absolute paths and drive letters are refused once decoded', () => {
  for (const p of ['/C:/Windows/win.ini', '/c:/Windows/win.ini', '/C:', '/%43:/Windows/win.ini', '/C%3A/Windows/win.ini']) {
    assert.equal(resolveInsideRoot(root, p), null, p);
  }
  // Extra leading slashes (also encoded ones) are URL noise: the rest stays relative to the root.
  for (const p of ['//etc/passwd', '/%2fetc/passwd', '/%2F%2Fserver/share/x']) {
    const r = resolveInsideRoot(root, p);
    assert.ok(inside(r), `${p} -> ${r}`);
  }
});

test('backslashes are refused, raw or encoded', () => {
  for (const p of ['/..\\secret.txt', '/assets\\app.js', '/%5c..%5csecret.txt', '/%5C%5Cserver%5Cshare', '/C:%5CWindows%5Cwin.ini']) {
    assert.equal(resolveInsideRoot(root, p), null, p);
  }
});

test('NUL bytes and malformed percent-encoding are refused', () => {
  for (const p of ['/index.html%00.png', '/index.html\0', '/a%00/b.js', '/%E0%A4%A', '/%', '/%zz']) {
    assert.equal(resolveInsideRoot(root, p), null, JSON.stringify(p));
  }
  assert.equal(resolveInsideRoot(root, `/${'a/'.repeat(3000)}`), null, 'absurdly long paths are refused');
});

test('no combination of tricky segments ever escapes the root', () => {
  const pieces = ['..', '%2e%2e', '.', 'a', '%2f', '%5c', '..%2f', '%00', 'C:', '', '%2e', 'b.js', '\\', '%252e%252e'];
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < 5000; i++) {
    const n = 1 + (next() % 6);
    const p = `/${Array.from({ length: n }, () => pieces[next() % pieces.length]).join('/')}`;
    const r = resolveInsideRoot(root, p);
    assert.ok(r === null || inside(r), `${p} escaped: ${r}`);
  }
});

test('resolveAppRequest checks scheme and host, then the path', () => {
  assert.deepEqual(resolveAppRequest(root, APP_ENTRY_URL), { ok: true, file: path.join(root, 'index.html'), route: false });
  assert.deepEqual(resolveAppRequest(root, 'app://tillsight/'), { ok: true, file: path.join(root, 'index.html'), route: false });
  assert.deepEqual(resolveAppRequest(root, 'app://tillsight/assets/a.js?v=1#x'), { ok: true, file: path.join(root, 'assets', 'a.js'), route: false });
  assert.deepEqual(resolveAppRequest(root, 'app://tillsight/imports'), { ok: true, file: path.join(root, 'imports'), route: true });
  // The URL parser already folds `..` (and %2e%2e) at the root: what is left stays inside.
  for (const url of ['app://tillsight/../../etc/passwd', 'app://tillsight/%2e%2e/%2e%2e/etc/passwd']) {
    const r = resolveAppRequest(root, url);
    assert.ok(r.ok && inside(r.file), `${url} -> ${JSON.stringify(r)}`);
  }
  assert.deepEqual(resolveAppRequest(root, 'app://tillsight/..%2f..%2fetc/passwd'), { ok: false, status: 404 });
  assert.deepEqual(resolveAppRequest(root, 'app://tillsight/%5c..%5cwin.ini'), { ok: false, status: 404 });
  assert.deepEqual(resolveAppRequest(root, 'app://other/index.html'), { ok: false, status: 403 });
  assert.deepEqual(resolveAppRequest(root, 'https://tillsight/index.html'), { ok: false, status: 403 });
  assert.deepEqual(resolveAppRequest(root, 'file:///etc/passwd'), { ok: false, status: 403 });
  assert.deepEqual(resolveAppRequest(root, 'not a url'), { ok: false, status: 400 });
});

test('isAppUrl accepts only the app origin', () => {
  assert.equal(isAppUrl('app://tillsight/index.html'), true);
  assert.equal(isAppUrl('app://tillsight/'), true);
  assert.equal(isAppUrl('app://tillsight/imports?x=1#y'), true);
  for (const url of [
    'app://tillsight.evil.com/',
    'app://evil/',
    'app://user@tillsight/',
    'app://user:pw@tillsight/',
    'app://tillsight:8080/',
    'https://tillsight/',
    'http://localhost:5173/',
    'file:///work/dist/renderer/index.html',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'javascript:alert(1)',
    '',
    'app:tillsight',
  ]) {
    assert.equal(isAppUrl(url), false, url);
  }
  assert.equal(isAppUrl(null), false);
  assert.equal(isAppUrl(undefined), false);
});

test('content types and upload argument checks', () => {
  assert.equal(mimeType('/x/index.html'), 'text/html; charset=utf-8');
  assert.equal(mimeType('/x/app.JS'), 'text/javascript; charset=utf-8');
  assert.equal(mimeType('/x/app.css'), 'text/css; charset=utf-8');
  assert.equal(mimeType('/x/font.woff2'), 'font/woff2');
  assert.equal(mimeType('/x/blob'), 'application/octet-stream');

  assert.equal(isValidUploadName('sales.csv'), true);
  assert.equal(isValidUploadName(''), false);
  assert.equal(isValidUploadName('a\0b.csv'), false);
  assert.equal(isValidUploadName('x'.repeat(2000)), false);
  assert.equal(isValidUploadName(42), false);

  const buf = new Uint8Array([1, 2, 3, 4]).buffer;
  assert.deepEqual(uploadBytes(buf), new Uint8Array([1, 2, 3, 4]));
  assert.deepEqual(uploadBytes(new Uint8Array(buf, 1, 2)), new Uint8Array([2, 3]));
  assert.deepEqual(uploadBytes(Buffer.from('ab')), new Uint8Array([97, 98]));
  assert.equal(uploadBytes('not bytes'), null);
  assert.equal(uploadBytes({ byteLength: 3 }), null);
  assert.equal(uploadBytes(null), null);
});

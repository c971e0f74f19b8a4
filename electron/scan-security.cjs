#!/usr/bin/env node
// `npm run lint:electron`: runs @doyensec/electronegativity (static checks of Electron
// security settings) over the shell's sources in electron/ and lists its findings.
// `--json` prints { electronVersion, errors, findings } for test/electron-security.test.ts,
// which fails on every finding that its allow-list does not accept with a reason.
//
// Why a script rather than the bare CLI: the Electron version is read from node_modules
// (electron/ has no package.json, and without a version the tool assumes v0.1.0 and reports
// checks for defaults of 2016), and the two lookups the tool makes on the internet
// (translations, Electron's release list) are answered "offline" at once, so the scan is
// the same on a machine without network. It needs the TypeScript 5.x compiler API (TS 7
// has none). CommonJS because electronegativity is CommonJS and is patched at require time.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const input = path.resolve(process.argv.find((a, i) => i > 1 && !a.startsWith('--')) ?? path.join(root, 'electron'));
const asJson = process.argv.includes('--json');

const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'got') {
    const offline = () => Promise.reject(new Error('offline scan: no network lookups'));
    offline.get = offline;
    return offline;
  }
  return originalLoad.call(this, request, ...rest);
};

const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const run = require('@doyensec/electronegativity');

// The tool logs progress lines on stdout; keep stdout for the result.
const log = console.log;
console.log = (...args) => process.stderr.write(`${args.join(' ')}\n`);

run(
  {
    input,
    isRelative: true,
    electronVersionOverride: electronVersion,
    customScan: [],
    excludeFromScan: [],
    parserPlugins: [],
  },
  false,
).then(
  (result) => {
    console.log = log;
    const findings = result.issues.map((i) => ({
      id: i.id,
      file: i.file,
      line: i.location ? i.location.line : 0,
      severity: i.severity ? i.severity.name : 'UNKNOWN',
      confidence: i.confidence ? i.confidence.name : 'UNKNOWN',
      manualReview: Boolean(i.manualReview),
      description: i.description,
    }));
    if (asJson) {
      process.stdout.write(`${JSON.stringify({ electronVersion, input, errors: result.errors, findings }, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      `electronegativity on ${path.relative(root, input) || '.'} (Electron ${electronVersion}): ${findings.length} finding(s), ${result.errors.length} parse error(s)\n`,
    );
    for (const f of findings) {
      process.stdout.write(`  ${f.id}  ${f.file}:${f.line}  ${f.severity}/${f.confidence}${f.manualReview ? '  (review)' : ''}\n    ${f.description}\n`);
    }
    for (const e of result.errors) process.stdout.write(`  parse error in ${e.file}: ${e.message}\n`);
    process.stdout.write('Accepted findings and their reasons: test/electron-security.test.ts.\n');
  },
  (e) => {
    console.log = log;
    process.stderr.write(`electronegativity failed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);

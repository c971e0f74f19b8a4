/**
 * PDF reports on a small shop written here, whose figures are known by hand:
 * text in Cyrillic, Greek and accented Latin survives (embedded DejaVu with
 * Unicode maps, checked with poppler's pdftotext and pdffonts), A4 and Letter
 * sizes (pdfinfo), charts as vectors (pdfimages), sections as asked, the model
 * sections' "has not run yet", numbers in the chosen locale, and the API's
 * export + download through the real HTTP server and worker thread.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../bench/common.js';
import { openDb, type Db } from '../core/store/db.js';
import { importFile } from '../core/import/pipeline.js';
import { writeReport } from '../core/reports/write.js';
import { ReportRefused } from '../core/reports/options.js';
import { callApi, type ApiContext } from '../core/api/index.js';
import { startServer } from '../core/http/server.js';
import { beginRun, completeRun, currentDataVersion } from '../core/models/registry.js';
import { MODEL_READERS } from '../core/reports/model-sections.js';

const POPPLER = spawnSync('pdfinfo', ['-v']).error ? 'poppler-utils is not installed (apt-get install -y poppler-utils)' : false;
if (POPPLER) console.log(`# ${POPPLER}; skipping the PDF checks`);

const TEAPOT = 'Чайник заварочный';
const DISH = 'Crème brûlée dish';
const CUP = 'Ελληνικό φλιτζάνι';
const SHOP = 'Лавка «Самовар» & Café';

// Online Retail's layout: InvoiceNo, StockCode, Description, Quantity, InvoiceDate (M/D/Y), UnitPrice, CustomerID, Country.
const LINES: Array<[string, string, string, number, string, number, string, string]> = [
  ['500001', 'T1', TEAPOT, 2, '3/1/2024 10:05', 1234.5, '101', 'Russia'],
  ['500001', 'D1', DISH, 3, '3/1/2024 10:05', 4.25, '101', 'Russia'],
  ['500002', 'C1', CUP, 10, '3/2/2024 11:30', 2.5, '102', 'Greece'],
  ['500003', 'D1', DISH, 1, '3/9/2024 15:00', 4.25, '', 'France'],
  ['500004', 'T1', TEAPOT, 1, '4/5/2024 09:40', 1234.5, '102', 'Greece'],
  ['C500005', 'C1', CUP, -2, '4/6/2024 12:00', 2.5, '102', 'Greece'],
  ['500006', 'POST', 'POSTAGE', 1, '4/6/2024 12:01', 18, '103', 'France'],
];
/** Net sales by the README's definition: goods lines' quantity × price, refunds negative; postage is a non-product line, apart. */
const NET = LINES.filter((l) => l[1] !== 'POST').reduce((s, l) => s + l[3] * l[5], 0);

let dir: string;
let dbPath: string;
let db: Db;

function csvText(): string {
  const q = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country', ...LINES.map((l) => l.map((v) => q(String(v))).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}

/** The PDF's text; Intl's no-break spaces (as in "3.758,50 €") compared as plain spaces, since extraction may give either. */
function text(pdf: string): string {
  return spaces(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }));
}

function spaces(s: string): string {
  return s.replace(/[\u00a0\u202f]/g, ' ');
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-report-'));
  dbPath = path.join(dir, 'shop.db');
  db = openDb(dbPath);
  const csv = path.join(dir, 'sales.csv');
  fs.writeFileSync(csv, csvText());
  const r = await importFile(db, csv);
  assert.equal(r.rowsImported, LINES.length);
});
after(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('accented, Greek and Cyrillic names print as themselves, with every font embedded and mapped to Unicode', { skip: POPPLER }, async () => {
  const out = path.join(dir, 'unicode.pdf');
  const r = await writeReport(db, { shopName: SHOP, from: '2024-03-01', to: '2024-04-30' }, out);
  assert.ok(r.pages >= 2);
  const t = text(out);
  for (const s of [TEAPOT, DISH, CUP, SHOP]) assert.ok(t.includes(s), `"${s}" not in the text`);
  const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' }).trim().split('\n').slice(2);
  assert.ok(fonts.length >= 2, 'regular and bold');
  for (const row of fonts) {
    const cols = row.trim().split(/\s+/);
    // name type... encoding emb sub uni object gen
    const [emb, , uni] = cols.slice(-5, -2);
    assert.equal(emb, 'yes', `not embedded: ${row}`);
    assert.equal(uni, 'yes', `no Unicode map: ${row}`);
    assert.match(cols[0], /DejaVu/, row);
  }
});

test('A4 and US Letter come out at their own sizes', { skip: POPPLER }, async () => {
  const size = (paper: 'a4' | 'letter') => {
    const out = path.join(dir, `${paper}.pdf`);
    return writeReport(db, { paper, sections: ['trend'] }, out).then(() =>
      /Page size:\s+([\d.]+) x ([\d.]+) pts/
        .exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))!
        .slice(1)
        .map(Number),
    );
  };
  const a4 = await size('a4');
  const letter = await size('letter');
  // A4 is 210 × 297 mm, Letter 8.5 × 11 in, at 72 points an inch.
  assert.deepEqual(
    a4.map((v) => Math.round(v)),
    [Math.round((210 / 25.4) * 72), Math.round((297 / 25.4) * 72)],
  );
  assert.deepEqual(letter, [8.5 * 72, 11 * 72]);
});

test('charts are vector paths: no raster image unless a logo is given, and then only the logo', { skip: POPPLER }, async () => {
  const images = (pdf: string) => execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2).filter(Boolean);
  const plain = path.join(dir, 'plain.pdf');
  await writeReport(db, {}, plain);
  assert.deepEqual(images(plain), []);
  const logo = fs.readFileSync(path.join(ROOT, 'build', 'icon.png'));
  const withLogo = path.join(dir, 'logo.pdf');
  await writeReport(db, { logo: new Uint8Array(logo) }, withLogo);
  const rows = images(withLogo);
  // The logo, and its alpha channel as a soft mask: both on page 1, both the logo's size.
  const width = logo.readUInt32BE(16);
  const height = logo.readUInt32BE(20);
  assert.ok(rows.length >= 1 && rows.length <= 2, rows.join('\n'));
  for (const row of rows) {
    const [page, , type, w, h] = row.trim().split(/\s+/);
    assert.equal(page, '1');
    assert.ok(type === 'image' || type === 'smask', row);
    assert.deepEqual([Number(w), Number(h)], [width, height]);
  }
  // Pages render (pdftoppm) and are not blank.
  execFileSync('pdftoppm', ['-r', '30', '-png', withLogo, path.join(dir, 'page')]);
  const pngs = fs.readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
  assert.ok(pngs.length >= 2);
  for (const p of pngs) assert.ok(fs.statSync(path.join(dir, p)).size > 1500, p);
});

test('the model sections say plainly that their models have not run yet', { skip: POPPLER }, async () => {
  const out = path.join(dir, 'models.pdf');
  await writeReport(db, { sections: ['forecast', 'customers', 'anomalies'] }, out);
  const t = text(out).replace(/\s+/g, ' ');
  assert.match(t, /The forecast has not run yet/);
  assert.match(t, /The customer segments have not been computed yet/);
  assert.match(t, /The anomaly check has not run yet/);
  // Only the sections asked for.
  assert.doesNotMatch(t, /Data quality/);
  assert.doesNotMatch(t, /Month by month/);
});

test('a model section fills in once its kind has an ok run in the registry and a reader of its outputs is wired in', { skip: POPPLER }, async () => {
  const sections = ['forecast', 'customers', 'anomalies'] as const;
  for (const kind of ['forecast', 'segments', 'anomalies']) {
    const id = beginRun(db, { kind, seed: 42, dataVersion: currentDataVersion(db), reason: 'test' });
    completeRun(db, id, { params: {}, metrics: {}, dataFrom: 20240301, dataTo: 20240406, durationMs: 5, peakRssMb: 1 }, () => {});
  }
  const ran = path.join(dir, 'ran.pdf');
  await writeReport(db, { sections: [...sections] }, ran);
  const t1 = text(ran).replace(/\s+/g, ' ');
  assert.match(t1, /The forecast has run, but this version of Tillsight cannot print its results yet/);
  assert.match(t1, /The customer segments have been computed, but this version/);
  try {
    MODEL_READERS.forecast = (_db, run) => ({
      description: 'Weekly net sales',
      actual: [
        { date: '2024-03-25', net: 120 },
        { date: '2024-04-01', net: 160 },
      ],
      forecast: { model: `run ${run.id}`, points: [{ date: '2024-04-08', mean: 150, lo80: 120, hi80: 180, lo95: 100, hi95: 210 }] },
    });
    MODEL_READERS.segments = () => [{ name: 'Champions', customers: 2, net: 3000, advice: 'Thank them; they buy most and most often.' }];
    MODEL_READERS.anomalies = () => [{ date: '2024-04-06', kind: 'refunds', score: 4.2, message: 'Refunds were four times the usual for a Saturday.' }];
    const out = path.join(dir, 'filled.pdf');
    await writeReport(db, { sections: [...sections] }, out);
    const t = text(out).replace(/\s+/g, ' ');
    assert.match(t, /8 Apr 2024 £150\.00 £120\.00 – £180\.00 £100\.00 – £210\.00/);
    assert.match(t, /Champions 2 £3,000\.00 Thank them/);
    assert.match(t, /Refunds were four times the usual for a Saturday\./);
    assert.doesNotMatch(t, /has not run yet|cannot print/);
    assert.deepEqual(execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).trim().split('\n').slice(2).filter(Boolean), []);
  } finally {
    delete MODEL_READERS.forecast;
    delete MODEL_READERS.segments;
    delete MODEL_READERS.anomalies;
    db.prepare('DELETE FROM model_runs').run();
  }
});

test('figures in the chosen locale and currency, equal to the sum worked out by hand', { skip: POPPLER }, async () => {
  const out = path.join(dir, 'de.pdf');
  await writeReport(db, { locale: 'de-DE', currency: 'EUR', sections: ['trend', 'products'] }, out);
  const t = text(out);
  const eur = spaces(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }).format(NET));
  assert.ok(t.includes(eur), `${eur} not in the report:\n${t.slice(0, 1500)}`);
  assert.match(t, /März 2024/);
  // The teapot is the top product: its net is 3 × 1234.5.
  const teapot = spaces(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }).format(3 * 1234.5));
  assert.match(t, new RegExp(`1\\s+${TEAPOT}\\s+T1\\s+3\\s+${teapot.replace(/[.]/g, '\\.').replace(/\s/g, '\\s')}`));
});

test('a database with no sales is refused with a sentence', async () => {
  const empty = openDb(path.join(dir, 'empty.db'));
  try {
    await assert.rejects(writeReport(empty, {}, path.join(dir, 'empty.pdf')), (e: unknown) => e instanceof ReportRefused && /no sales/.test(e.message));
    assert.ok(!fs.existsSync(path.join(dir, 'empty.pdf')));
  } finally {
    empty.close();
  }
});

test('reportExport renders in the worker into the reports folder; GET /api/download/<id> serves it to a token holder only', { skip: POPPLER }, async () => {
  const progress: string[] = [];
  const ctx: ApiContext = { db, dbPath, uploadDir: path.join(dir, 'uploads'), emitProgress: (e) => progress.push(e.message ?? e.phase) };
  const r = await callApi(ctx, 'reportExport', { shopName: 'Test shop', sections: ['trend', 'quality'], taskId: 'report-1' });
  assert.match(r.downloadId, /^[0-9a-f]{24}$/);
  assert.equal(r.fileName, 'Test shop report 2024-03-01 to 2024-04-06.pdf');
  const file = path.join(dir, 'reports', `${r.downloadId}.pdf`);
  assert.equal(fs.statSync(file).size, r.bytes);
  assert.ok(progress.includes('Sales trend') && progress.includes('Done'), progress.join(', '));
  await assert.rejects(callApi(ctx, 'reportExport', { paper: 'a5' }), /paper/);
  await assert.rejects(callApi(ctx, 'reportExport', { from: '2030-01-01', to: '2024-01-01' }), /after it ends/);

  const server = await startServer({ db, dbPath, token: 't0ken', trainDebounceMs: 0 });
  try {
    const url = `${server.url}api/download/${r.downloadId}`;
    assert.equal((await fetch(url)).status, 401);
    const res = await fetch(url, { headers: { 'X-Tillsight-Token': 't0ken' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="Test shop report 2024-03-01 to 2024-04-06\.pdf"/);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(body.subarray(0, 5).toString(), '%PDF-');
    assert.equal(body.length, r.bytes);
    for (const bad of ['..%2F..%2Fshop.db', 'abc', '0'.repeat(24)]) {
      const b = await fetch(`${server.url}api/download/${bad}`, { headers: { 'X-Tillsight-Token': 't0ken' } });
      assert.ok(b.status === 400 || b.status === 404, `${bad}: ${b.status}`);
    }
    assert.equal((await fetch(url, { method: 'POST', headers: { 'X-Tillsight-Token': 't0ken' } })).status, 405);
  } finally {
    await server.close();
  }
});

test('tillsight report writes the file; bad options exit 2 with one line', { skip: POPPLER }, () => {
  const cli = path.join(ROOT, 'bin', 'tillsight.js');
  const out = path.join(dir, 'cli.pdf');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const ok = spawnSync(process.execPath, [cli, 'report', '--db', dbPath, '--paper', 'letter', '--sections', 'trend,products', '--out', out], {
    encoding: 'utf8',
  });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /pages/);
  assert.match(text(out), /Top and bottom products/);
  for (const args of [['--paper', 'a5'], ['--sections', 'trend,weather'], ['--from', '1/3/2024'], []]) {
    const r = spawnSync(process.execPath, [cli, 'report', '--db', dbPath, ...args, ...(args.length ? ['--out', out] : [])], { encoding: 'utf8' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

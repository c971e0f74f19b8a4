/**
 * The PDF report of the real Online Retail year (../shared/data), checked with
 * poppler: its text (pdftotext -layout) against figures computed here straight
 * from the CSV, sharing no code with the importer; every page rendered
 * (pdftoppm); no raster image (pdfimages: the charts are vectors); every font
 * embedded (pdffonts); A4 and Letter (pdfinfo). Skipped with a message when the
 * data is absent, except under CI=true, where it must run.
 */
import { codesOf, goodsClassifier, readOnlineRetailRows } from './helpers/online-retail-reference.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realDataCsv, REAL_DATA } from '../bench/common.js';
import { openDb, type Db } from '../core/store/db.js';
import { importFile } from '../core/import/pipeline.js';
import { writeReport, type WrittenReport } from '../core/reports/write.js';

const csv = realDataCsv();
const noPoppler = spawnSync('pdfinfo', ['-v']).error !== undefined;
const skip =
  process.env.CI === 'true'
    ? false
    : !csv
      ? `real data absent (${REAL_DATA}); skipping the real-data report test`
      : noPoppler
        ? 'poppler-utils absent; skipping the real-data report test'
        : false;
if (skip) console.log(`# ${skip}`);

const FROM = '2010-12-01';
const TO = '2011-12-09';

interface Row {
  invoice: string;
  code: string;
  description: string;
  /** Goods, not postage, fees or adjustments. */
  goods: boolean;
  quantity: number;
  price: number;
  date: string;
}

/**
 * What a line adds to net sales, by the README's definition ("The figures"):
 * goods only, quantity × price, refunds and cancellations negative; postage,
 * fees and adjustments are non-product lines, apart. The one place to change
 * when that definition changes.
 */
function netSalesOf(r: Row): number {
  return isProduct(r) ? r.quantity * r.price : 0;
}

/** Postage, fees and stock adjustments are not goods (test/helpers/online-retail-reference.ts). */
function isProduct(r: Row): boolean {
  return r.goods;
}

function readRows(file: string): Row[] {
  const rows = readOnlineRetailRows(fs.readFileSync(file).toString('latin1'));
  const isGoods = goodsClassifier(codesOf(rows));
  return rows.map((f) => {
    const [invoice, code, description, qty, dateS, price] = f as [string, string, string, string, string, string];
    const [m, d, y] = dateS.split(' ')[0].split('/') as [string, string, string];
    return {
      invoice,
      code,
      description,
      goods: isGoods(code, description),
      quantity: Number(qty),
      price: Number(price),
      date: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
    };
  });
}

interface Expected {
  net: number;
  orders: number;
  netByMonth: Map<string, number>;
  top: Array<{ code: string; net: number }>;
}

function expected(rows: Row[], from: string, to: string): Expected {
  let net = 0;
  const orders = new Set<string>();
  const netByMonth = new Map<string, number>();
  const byCode = new Map<string, number>();
  for (const r of rows) {
    if (r.date < from || r.date > to) continue;
    const v = netSalesOf(r);
    net += v;
    netByMonth.set(r.date.slice(0, 7), (netByMonth.get(r.date.slice(0, 7)) ?? 0) + v);
    if (!isProduct(r)) continue;
    byCode.set(r.code, (byCode.get(r.code) ?? 0) + r.quantity * r.price);
    if (!r.invoice.startsWith('C') && r.quantity > 0) orders.add(r.invoice);
  }
  const top = [...byCode]
    .map(([code, v]) => ({ code, net: v }))
    .sort((a, b) => b.net - a.net)
    .slice(0, 5);
  return { net, orders: orders.size, netByMonth, top };
}

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-GB');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let dir: string;
let db: Db;
let want: Expected;
let a4: WrittenReport;
let a4Text: string;

before(async () => {
  if (skip) return;
  assert.ok(csv, `the real data is required under CI (${REAL_DATA})`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-report-real-'));
  db = openDb(path.join(dir, 'real.db'));
  await importFile(db, csv);
  want = expected(readRows(csv), FROM, TO);
  a4 = await writeReport(db, { from: FROM, to: TO, shopName: 'Online Retail (UCI)' }, path.join(dir, 'year-a4.pdf'));
  a4Text = execFileSync('pdftotext', ['-layout', a4.path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
});
after(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the cover’s net sales and orders equal the figures computed from the CSV', { skip }, () => {
  const m = /^\s*Net sales\s+(£[\d,]+\.\d\d)/m.exec(a4Text);
  assert.ok(m, 'no net sales line on the cover');
  assert.equal(m[1], gbp.format(want.net));
  const o = /^\s*Orders\s+([\d,]+)/m.exec(a4Text);
  assert.equal(o?.[1], count.format(want.orders));
});

test('the top products are the CSV’s top products, with their net sales', { skip }, () => {
  const table = a4Text.slice(a4Text.indexOf('Top 10 products by net sales'));
  for (const [i, p] of want.top.entries()) {
    assert.match(
      table,
      new RegExp(`^\\s*${i + 1}\\s+.+?\\s${escape(p.code)}\\s+[\\d,]+\\s+${escape(gbp.format(p.net))}\\s`, 'm'),
      `#${i + 1} ${p.code} ${gbp.format(p.net)}`,
    );
  }
});

test('each month’s net sales in the month-by-month table equal the CSV’s', { skip }, () => {
  const table = a4Text.slice(a4Text.indexOf('Month by month'));
  for (const [month, net] of want.netByMonth) {
    const name = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
    const short = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
    assert.match(
      table,
      new RegExp(`^\\s*(${escape(name)}|${escape(short)} \\([^)]*\\))\\s+${escape(gbp.format(net))}\\s`, 'm'),
      `${month}: ${gbp.format(net)}`,
    );
  }
});

test('every page renders, the charts are vectors and every font is embedded', { skip }, () => {
  const info = execFileSync('pdfinfo', [a4.path], { encoding: 'utf8' });
  assert.equal(Number(/^Pages:\s+(\d+)/m.exec(info)![1]), a4.pages);
  assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  execFileSync('pdftoppm', ['-r', '40', '-png', a4.path, path.join(dir, 'page')]);
  const pngs = fs.readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
  assert.equal(pngs.length, a4.pages);
  assert.deepEqual(execFileSync('pdfimages', ['-list', a4.path], { encoding: 'utf8' }).trim().split('\n').slice(2).filter(Boolean), []);
  for (const row of execFileSync('pdffonts', [a4.path], { encoding: 'utf8' }).trim().split('\n').slice(2)) {
    const [emb, , uni] = row.trim().split(/\s+/).slice(-5, -2);
    assert.deepEqual([emb, uni], ['yes', 'yes'], row);
  }
  // Page numbers and the contents list.
  assert.match(a4Text, new RegExp(`Page ${a4.pages} of ${a4.pages}`));
  assert.match(a4Text, /In this report[\s\S]*Sales trend[ .]*\d/);
});

test('the same year on US Letter', { skip }, async () => {
  const r = await writeReport(db, { from: FROM, to: TO, paper: 'letter' }, path.join(dir, 'year-letter.pdf'));
  assert.match(execFileSync('pdfinfo', [r.path], { encoding: 'utf8' }), /Page size:\s+612 x 792 pts \(letter\)/);
  const m = /^\s*Net sales\s+(£[\d,]+\.\d\d)/m.exec(execFileSync('pdftotext', ['-layout', r.path, '-'], { encoding: 'utf8' }));
  assert.equal(m?.[1], gbp.format(want.net));
});

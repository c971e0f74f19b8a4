/**
 * The sample shop generator on small shops: determinism, the exact export
 * layouts, the value formats, scaling with --lines, progress reporting and the
 * CLI command. (Statistical properties of the default shop: sample-properties.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cents, readCsvFile } from '../sample-data/csv-read.js';
import { generateSampleShop, SAMPLE_FILES, type SampleResult } from '../sample-data/generator.js';
import type { SampleTruth } from '../sample-data/truth.js';

const SQUARE_HEADER =
  'Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,Gross Sales,Discounts,Net Sales,Tax,Transaction ID,Payment ID,Device Name,Notes,Details,Event Type,Location,Dining Option,Customer ID,Customer Name,Customer Reference ID,Unit,Count,GTIN,Itemization Type,Commission,Employee,Fulfillment Note,Channel,Token,Card Brand,PAN Suffix';
const SHOPIFY_START =
  'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,';
const ORDER_TOTALS = ['Subtotal', 'Shipping', 'Taxes', 'Total', 'Discount Amount', 'Financial Status', 'Paid at', 'Refunded Amount'];

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-sample-gen-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const ALL_FILES = Object.values(SAMPLE_FILES);
const firstLine = (file: string) => fs.readFileSync(file, 'utf8').split('\n', 1)[0];

describe('determinism', () => {
  const a = path.join(root, 'a');
  const b = path.join(root, 'b');
  const c = path.join(root, 'c');
  before(async () => {
    await generateSampleShop({ out: a, seed: 42, days: 90 });
    await generateSampleShop({ out: b, seed: 42, days: 90 });
    await generateSampleShop({ out: c, seed: 43, days: 90 });
  });

  it('the same seed writes identical bytes in every file', () => {
    for (const f of ALL_FILES) {
      const x = fs.readFileSync(path.join(a, f));
      const y = fs.readFileSync(path.join(b, f));
      assert.ok(x.length > 0, `${f} is empty`);
      assert.ok(x.equals(y), `${f} differs between two runs with seed 42`);
    }
  });

  it('another seed gives another shop', () => {
    for (const f of [SAMPLE_FILES.square, SAMPLE_FILES.shopify, SAMPLE_FILES.products, SAMPLE_FILES.stockReceipts, SAMPLE_FILES.truth]) {
      assert.ok(!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(c, f))), `${f} is the same for seeds 42 and 43`);
    }
    const titles = (dir: string) =>
      readCsvFile(path.join(dir, SAMPLE_FILES.products))
        .rows.filter((r) => r.Category === 'Books')
        .map((r) => r.Name)
        .join('|');
    assert.notEqual(titles(a), titles(c), 'book titles should depend on the seed');
    const truthA = JSON.parse(fs.readFileSync(path.join(a, SAMPLE_FILES.truth), 'utf8')) as SampleTruth;
    const truthC = JSON.parse(fs.readFileSync(path.join(c, SAMPLE_FILES.truth), 'utf8')) as SampleTruth;
    assert.equal(truthA.seed, 42);
    assert.equal(truthC.seed, 43);
    assert.notDeepEqual(
      truthA.demand.products.map((p: { baseRate: number }) => p.baseRate),
      truthC.demand.products.map((p: { baseRate: number }) => p.baseRate),
    );
  });
});

describe('layouts and value formats (90 days)', () => {
  const dir = path.join(root, 'layout');
  let result: SampleResult;
  before(async () => {
    result = await generateSampleShop({ out: dir, seed: 7, days: 90 });
  });

  it('writes every file with its exact header', () => {
    assert.deepEqual(fs.readdirSync(dir).sort(), [...ALL_FILES].sort());
    assert.equal(firstLine(path.join(dir, SAMPLE_FILES.square)), SQUARE_HEADER);
    const shopifyHeader = firstLine(path.join(dir, SAMPLE_FILES.shopify));
    assert.ok(shopifyHeader.startsWith(SHOPIFY_START), shopifyHeader.slice(0, 300));
    for (const col of ['Cancelled at', 'Refunded Amount', 'Vendor', 'Id', 'Lineitem discount'])
      assert.ok(shopifyHeader.split(',').includes(col), `Shopify header lacks ${col}`);
    assert.equal(firstLine(path.join(dir, SAMPLE_FILES.products)), 'SKU,Name,Category,Cost,Price,Supplier,Lead Time Days');
    assert.equal(firstLine(path.join(dir, SAMPLE_FILES.stockCounts)), 'Date,SKU,Item,On Hand');
    assert.equal(firstLine(path.join(dir, SAMPLE_FILES.stockReceipts)), 'Date,SKU,Item,Received');
    assert.equal(result.days, 90);
    assert.equal(result.to, '2025-12-31', 'history ends on the fixed date, not today');
    assert.equal(result.from, '2025-10-03');
  });

  it('Square rows: 35 fields, formats as the real export, Net = Gross + Discounts', () => {
    const { header, rows } = readCsvFile(path.join(dir, SAMPLE_FILES.square));
    assert.equal(header.length, 35);
    assert.ok(rows.length > 5000, `only ${rows.length} rows in 90 days`);
    const money = /^-?\$\d{1,3}(,\d{3})*\.\d{2}$/;
    let refunds = 0;
    let known = 0;
    let none = 0;
    for (const r of rows) {
      assert.match(r.Date, /^\d{4}-\d{2}-\d{2}$/);
      assert.match(r.Time, /^\d{2}:\d{2}:\d{2}$/);
      assert.equal(r['Time Zone'], 'Eastern Time (US & Canada)');
      assert.match(r.Qty, /^-?\d+\.\d$/);
      for (const m of ['Gross Sales', 'Discounts', 'Net Sales', 'Tax']) assert.match(r[m], money, `${m} "${r[m]}"`);
      assert.equal(cents(r['Net Sales']), cents(r['Gross Sales']) + cents(r.Discounts), `Net ≠ Gross + Discounts on ${JSON.stringify(r)}`);
      assert.ok(r['Event Type'] === 'Payment' || r['Event Type'] === 'Refund');
      if (r['Event Type'] === 'Payment') {
        assert.ok(cents(r.Discounts) <= 0, 'a sale discount is negative or zero');
        assert.ok(Number(r.Qty) > 0);
      } else {
        refunds++;
        assert.ok(Number(r.Qty) < 0 && cents(r['Gross Sales']) < 0 && cents(r['Net Sales']) < 0, 'a refund has negative quantity and amounts');
      }
      if (r['Customer ID']) {
        known++;
        assert.match(r['Customer ID'], /^CUST-\d{6}$/);
        assert.ok(r['Customer Name'].length > 0);
      }
      if (r.Category === 'None') none++;
    }
    assert.ok(refunds > 0, 'no refund rows');
    assert.ok(none > 0, 'no uncategorised (None) rows');
    assert.ok(known > rows.length * 0.2 && known < rows.length * 0.8, `known-customer share ${known / rows.length} (walk-ins should be many)`);
  });

  it('Shopify rows: totals only on the first row of an order; Total adds up', () => {
    const { header, rows } = readCsvFile(path.join(dir, SAMPLE_FILES.shopify));
    assert.ok(header.length >= 70);
    const orders = new Map<string, Array<Record<string, string>>>();
    for (const r of rows) {
      assert.match(r.Name, /^#\d{4,}$/);
      assert.match(r['Created at'], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} -0[45]00$/);
      assert.match(r['Lineitem price'], /^\d+\.\d{2}$/);
      assert.ok(r.Email.includes('@example.'));
      const list = orders.get(r.Name) ?? [];
      list.push(r);
      orders.set(r.Name, list);
    }
    const statuses = new Set<string>();
    let tips = 0;
    for (const [name, lines] of orders) {
      const [first, ...rest] = lines;
      statuses.add(first['Financial Status']);
      for (const later of rest) {
        for (const col of ORDER_TOTALS) assert.equal(later[col], '', `${name}: ${col} repeated on a later row`);
        assert.equal(later.Email, first.Email);
        assert.equal(later['Created at'], first['Created at']);
      }
      const tip = lines.filter((l) => l['Lineitem name'] === 'Tip').reduce((a, l) => a + cents(l['Lineitem price']), 0);
      if (tip) tips++;
      const items = lines
        .filter((l) => l['Lineitem name'] !== 'Tip')
        .reduce((a, l) => a + cents(l['Lineitem price']) * Number(l['Lineitem quantity']) - cents(l['Lineitem discount']), 0);
      assert.equal(cents(first.Subtotal), items, `${name} subtotal`);
      assert.equal(cents(first.Total), cents(first.Subtotal) + cents(first.Shipping) + cents(first.Taxes) + tip, `${name} total`);
      if (first['Financial Status'] === 'voided') {
        assert.equal(first['Paid at'], '', 'a voided order was never paid');
        assert.notEqual(first['Cancelled at'], '');
      }
      if (first['Financial Status'] === 'refunded') assert.equal(first['Refunded Amount'], first.Total);
    }
    assert.ok(statuses.has('paid'));
    assert.ok(tips > 0 || orders.size < 100, 'no Tip line items');
  });

  it('products, stock counts and receipts are well-formed and consistent', () => {
    const products = readCsvFile(path.join(dir, SAMPLE_FILES.products)).rows;
    assert.ok(products.length >= 90 && products.length <= 120, `${products.length} products`);
    const skus = new Set(products.map((p) => p.SKU));
    assert.equal(skus.size, products.length, 'SKUs are unique');
    assert.ok(new Set(products.map((p) => p.Category)).size >= 5, 'a handful of categories');
    for (const p of products) {
      assert.ok(Number(p.Cost) > 0 && Number(p.Cost) < Number(p.Price), `${p.SKU}: cost ${p.Cost} price ${p.Price}`);
      assert.match(p['Lead Time Days'], /^\d+$/);
    }
    for (const f of [SAMPLE_FILES.stockCounts, SAMPLE_FILES.stockReceipts]) {
      const rows = readCsvFile(path.join(dir, f)).rows;
      assert.ok(rows.length > 0, `${f} is empty`);
      for (const r of rows) {
        assert.ok(skus.has(r.SKU), `${f}: unknown SKU ${r.SKU}`);
        assert.match(r['On Hand'] ?? r.Received, /^\d+$/);
      }
    }
    const opening = readCsvFile(path.join(dir, SAMPLE_FILES.stockCounts)).rows.filter((r) => r.Date === '2025-10-02');
    assert.ok(opening.length > 40, 'an opening count the evening before the first day');
  });
});

describe('scaling and progress', () => {
  it('--lines scales the shop out to more locations, close to the number asked for', async () => {
    const dir = path.join(root, 'scaled');
    const result = await generateSampleShop({ out: dir, seed: 3, days: 60, lines: 60_000 });
    assert.ok(result.locations >= 3, `${result.locations} locations`);
    assert.ok(Math.abs(result.lines - 60_000) / 60_000 < 0.1, `${result.lines} lines for 60,000 asked`);
    const { rows } = readCsvFile(path.join(dir, SAMPLE_FILES.square));
    const locations = new Set(rows.map((r) => r.Location));
    assert.equal(locations.size, result.locations);
    const truth = JSON.parse(fs.readFileSync(path.join(dir, SAMPLE_FILES.truth), 'utf8')) as SampleTruth;
    assert.equal(truth.shop.locations.length, result.locations);
    assert.equal(truth.totals.lines, result.lines);
    assert.equal(truth.options.lines, 60_000);
    // Customer ids stay unique across locations.
    const homes = new Map<string, string>();
    for (const r of rows) {
      if (!r['Customer ID']) continue;
      const seen = homes.get(r['Customer ID']);
      if (seen) assert.equal(seen, r.Location, `${r['Customer ID']} shops at two locations`);
      homes.set(r['Customer ID'], r.Location);
    }
  });

  it('--lines also scales down, and --days sets the history length', async () => {
    const result = await generateSampleShop({ out: path.join(root, 'tiny'), seed: 5, days: 365, lines: 5_000 });
    assert.equal(result.locations, 1);
    assert.equal(result.days, 365);
    assert.equal(result.from, '2025-01-01');
    assert.ok(Math.abs(result.lines - 5_000) / 5_000 < 0.15, `${result.lines} lines for 5,000 asked`);
  });

  it('reports progress (done, total) after every simulated day', async () => {
    const calls: Array<[number, number]> = [];
    await generateSampleShop({ out: path.join(root, 'progress'), days: 45, onProgress: (done, total) => calls.push([done, total]) });
    assert.equal(calls.length, 45);
    calls.forEach(([done, total], i) => {
      assert.equal(done, i + 1);
      assert.equal(total, 45);
    });
  });

  it('refuses impossible options with a RangeError', async () => {
    await assert.rejects(generateSampleShop({ out: path.join(root, 'bad'), days: 3 }), RangeError);
    await assert.rejects(generateSampleShop({ out: path.join(root, 'bad'), lines: 10 }), RangeError);
  });
});

describe('tillsight sample (CLI)', () => {
  // The real command, in its own process: dist/test/… → bin/tillsight.js.
  const bin = fileURLToPath(new URL('../../bin/tillsight.js', import.meta.url));
  const run = (argv: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8' });
    return { code: r.status, text: r.stdout + r.stderr, stdout: r.stdout };
  };

  it('writes the files and a summary', async () => {
    const dir = path.join(root, 'cli');
    const { code, text, stdout } = run(['sample', '--out', dir, '--days', '40', '--seed', '11', '--json']);
    assert.equal(code, 0, text);
    const summary = JSON.parse(stdout) as SampleResult & { seconds: number };
    assert.equal(summary.seed, 11);
    assert.equal(summary.days, 40);
    for (const f of ALL_FILES) assert.ok(fs.existsSync(path.join(dir, f)), `${f} missing`);
    const again = await generateSampleShop({ out: path.join(root, 'cli-lib'), days: 40, seed: 11 });
    assert.ok(fs.readFileSync(path.join(dir, SAMPLE_FILES.square)).equals(fs.readFileSync(path.join(again.dir, SAMPLE_FILES.square))), 'CLI and library agree');
  });

  it('reports an output folder it cannot create as one line with exit code 1', () => {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const { code, text } = run(['sample', '--out', path.join(file, 'shop'), '--days', '30']);
    assert.equal(code, 1, text);
    assert.match(text.trim(), /^tillsight sample: cannot write to .*a-file/);
    assert.equal(text.trim().split('\n').length, 1, text);
  });

  it('reports bad arguments as one line with exit code 2', async () => {
    for (const argv of [
      ['sample'],
      ['sample', '--out', root, '--days', 'ten'],
      ['sample', '--out', root, '--days', '5'],
      ['sample', '--out', root, '--bogus'],
    ]) {
      const { code, text } = run(argv);
      assert.equal(code, 2, `${argv.join(' ')} → ${code}: ${text}`);
      assert.equal(text.trim().split('\n').length, 1, text);
    }
  });
});

/**
 * End to end, on the real Online Retail data: after a segments training (the
 * real `tillsight train`), Chromium sees the segments chart and table and the
 * at-risk list on the Customers page, with every one of the CSV's customers in
 * a segment and the walk-in sales counted apart, and downloads one segment's
 * customers as a CSV a spreadsheet can open safely.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { before, describe, it } from 'node:test';
import { CLI, goto, openPage, realDbCopy, retailRows, runCli, shot, skipReason, useServerAndBrowser } from './helpers.js';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e segments: ${skip}`);

describe('customer segments on the real Online Retail data', { skip: skip ?? false, timeout: 300_000 }, () => {
  let dbPath = '';
  let cli: { k: number; segments: Array<{ id: number; label: string; size: number }>; walkIn: { orders: number }; atRisk: unknown[] };
  before(() => {
    dbPath = realDbCopy();
    const t = runCli(['train', '--db', dbPath, '--kind', 'segments']);
    assert.equal(t.status, 0, t.stderr || t.stdout);
    // Its JSON lists every customer: more than spawnSync's default 1 MB of output.
    const s = spawnSync(process.execPath, [CLI, 'segment', '--db', dbPath, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 180_000 });
    assert.equal(s.status, 0, s.stderr);
    cli = JSON.parse(s.stdout) as typeof cli;
  });
  const stage = useServerAndBrowser(() => dbPath);

  it('shows the segments, the at-risk list and the walk-in sales, and exports a segment', async () => {
    const { page, errors, context } = await openPage(stage.browser);
    await goto(page, stage.server.url, 'customers');
    await page.waitForSelector('[data-segments]', { timeout: 30_000 });
    assert.equal(Number(await page.getAttribute('[data-segments]', 'data-segments')), cli.k);

    // The table: one row per segment, with every customer of the CSV in one.
    const rows = page.locator('tr[data-segment]');
    assert.equal(await rows.count(), cli.k);
    const sizes = await rows.evaluateAll((els) => els.map((e) => Number((e as unknown as { dataset: Record<string, string> }).dataset.segmentSize)));
    const csvCustomers = new Set(
      retailRows()
        .filter((r) => r.customer !== null)
        .map((r) => r.customer),
    ).size;
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      csvCustomers,
    );
    assert.deepEqual(
      sizes,
      cli.segments.map((s) => s.size),
    );
    for (const s of cli.segments)
      await page
        .getByRole('cell', { name: new RegExp(`^${s.label}`) })
        .first()
        .waitFor();

    // The chart is drawn, and the at-risk list is there.
    await page.waitForSelector('#segment-scatter canvas');
    const risky = page.locator('.at-risk tbody tr');
    assert.ok((await risky.count()) > 0, 'the at-risk list has customers');
    assert.ok(cli.atRisk.length > 0);
    assert.equal(Number(await page.getAttribute('[data-walk-in]', 'data-walk-in')), cli.walkIn.orders);
    assert.match(await page.locator('[data-walk-in]').innerText(), /counted apart/);
    await shot(page, 'customers-segments');

    // Export the first segment's customers.
    const first = cli.segments[0];
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-segment-csv="${first.id}"]`)]);
    const text = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    const lines = text.trimEnd().split('\r\n');
    assert.match(lines[0], /^Customer,Name,Email,Country,Segment,Orders,Spend to date/);
    assert.equal(lines.length, first.size + 1);
    assert.ok(
      lines.slice(1).every((l) => l.includes(`,${first.label},`)),
      'every row is of the segment',
    );
    // No cell a spreadsheet would run as a formula.
    assert.ok(
      lines.every((l) => !/(^|,)"?[=+@]/.test(l)),
      'formula-safe cells',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});

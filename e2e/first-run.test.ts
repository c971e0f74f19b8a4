/**
 * End to end on an empty database: the welcome explains what to import and offers
 * the sample shop; the first file dropped turns it into a dashboard.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { dropFiles, kpiValue, openPage, shot, skipReason, startServer, tempDir, useServerAndBrowser, waitForRoute } from './helpers.js';

const skip = skipReason({ needData: false });
if (skip) console.log(`# SKIP e2e first run: ${skip}`);

const FILE = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '700001,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,3/14/2024 9:15,2.95,17850.0,United Kingdom',
  '700001,71053,WHITE METAL LANTERN,2,3/14/2024 9:15,3.75,17850.0,United Kingdom',
  '700002,22423,REGENCY CAKESTAND 3 TIER,1,3/15/2024 14:02,12.75,,United Kingdom',
  'C700003,71053,WHITE METAL LANTERN,-1,3/15/2024 16:40,3.75,17850.0,United Kingdom',
  '',
].join('\r\n');

describe('first run', { skip: skip ?? false, timeout: 240_000 }, () => {
  const stage = useServerAndBrowser(() => path.join(tempDir(), 'empty.db'));

  it('welcomes a new owner, then shows the dashboard after the first import', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors, context } = await openPage(stage.browser, { colorScheme: scheme });
      await page.goto(stage.server.url);
      await page.waitForSelector('[data-welcome]');
      assert.equal(await page.locator('[data-action="sample-load"]').count(), 1, 'the sample shop is offered');
      assert.equal(await page.locator('[data-action="welcome-import"]').count(), 1, 'importing is offered');
      await shot(page, `welcome-${scheme}`);
      // Pages that need data explain what to import instead of showing empty charts.
      await page.goto(`${stage.server.url}#/imports`);
      await waitForRoute(page, 'imports');
      await page.waitForSelector('text=Nothing imported yet');
      assert.deepEqual(errors, []);
      await context.close();
    }

    const { page, errors, context } = await openPage(stage.browser);
    await page.goto(`${stage.server.url}#/executive`);
    await page.waitForSelector('[data-welcome]');
    await dropFiles(page, [{ name: 'first-export.csv', content: FILE }]);
    await page.waitForSelector('[data-import-dialog][data-stage="preview"]', { timeout: 20_000 });
    await page.click('[data-action="import-commit"]');
    await page.waitForSelector('[data-import-dialog][data-stage="done"]', { timeout: 30_000 });
    await page.click('[data-action="import-next"]');
    await waitForRoute(page, 'executive');
    // Only two days of data: the month shown is March 2024 to date.
    assert.equal(await page.getAttribute('[data-period-from]', 'data-period-from'), '2024-03-01');
    const net = 6 * 2.95 + 2 * 3.75 + 12.75 - 3.75;
    assert.ok(Math.abs((await kpiValue(page, 'netSales'))! - net) < 0.011, 'net sales of the file');
    assert.equal(await kpiValue(page, 'orders'), 2, 'the cancellation is not an order');
    assert.equal(await kpiValue(page, 'customers'), 1);
    assert.equal(await kpiValue(page, 'returns'), 3.75);
    assert.equal(await page.locator('[data-welcome]').count(), 0, 'the welcome is gone');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('loads the sample shop with progress, badges it, and removes it', async () => {
    const sample = await startServer(path.join(tempDir(), 'sample.db'));
    try {
      const { page, errors, context } = await openPage(stage.browser);
      page.on('dialog', (d) => void d.accept());
      await page.goto(`${sample.url}#/executive`);
      await page.waitForSelector('[data-welcome]');
      await page.click('[data-action="sample-load"]');
      await page.waitForSelector('[role="progressbar"]', { timeout: 10_000 });
      await page.waitForSelector('[data-sample-badge]', { timeout: 150_000 });
      await waitForRoute(page, 'executive');
      assert.ok(((await kpiValue(page, 'netSales')) ?? 0) > 0, 'the sample shop has sales');
      assert.ok((await kpiValue(page, 'grossMargin')) !== null, 'the sample shop has costs, so a margin');
      await page.waitForTimeout(700);
      await shot(page, 'sample-executive-light');
      await page.goto(`${sample.url}#/inventory`);
      await waitForRoute(page, 'inventory');
      await page.waitForSelector('[data-kpi="lowStock"]');
      await page.waitForTimeout(500);
      await shot(page, 'sample-inventory-light');
      await page.click('[data-action="remove-sample"]');
      await page.waitForSelector('[data-welcome]', { timeout: 60_000 });
      assert.equal(await page.locator('[data-sample-badge]').count(), 0, 'the badge is gone with the data');
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await sample.stop();
    }
  });
});

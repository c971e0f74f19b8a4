/**
 * End to end, on the real Online Retail data: the app's HTTP server on a database never trained; #/models shows
 * an empty state; Retrain trains every model (in a worker thread) with a moving progress bar; then the page shows
 * the shop forecast chart (tooltip, CSV), the accuracy table, the product explorer (search) and the run; the
 * Overview's sales trend of the current month carries the forecast band. No console errors, light and dark.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright';
import { startServer, type RunningServer } from '../core/http/server.js';
import { openDb, type Db } from '../core/store/db.js';
import { goto, launchBrowser, openPage, realDbCopy, shot, skipReason, waitForRoute } from './helpers.js';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e models: ${skip}`);

/** A whole training of every model on the real data; generous, as the test machine may be shared. */
const TRAINING_MS = 30 * 60_000;

describe('the Forecasts page on the real Online Retail data', { skip: skip ?? false, timeout: TRAINING_MS + 5 * 60_000 }, () => {
  // The server runs in this process with automatic training off (trainDebounceMs 0), so the one training of
  // the suite is the one the Retrain button starts: it is what the page shows while it runs and after.
  let db: Db;
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    const dbPath = realDbCopy();
    db = openDb(dbPath);
    [server, browser] = await Promise.all([startServer({ db, dbPath, port: 0, trainDebounceMs: 0 }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    db?.close();
  });

  it('before any training: an empty state that offers to train', async () => {
    const { page, errors, context } = await openPage(browser);
    await goto(page, server.url, 'models');
    assert.match((await page.locator('.empty-title').first().textContent()) ?? '', /No forecast yet/);
    assert.equal(await page.locator('[data-action="retrain"]').first().isDisabled(), false);
    assert.deepEqual(errors, [], `console errors: ${errors.join('\n')}`);
    await context.close();
  });

  it('Retrain trains on the real data with a progress bar, then shows the forecast chart, the accuracy table and the product explorer', async () => {
    const { page, errors, context } = await openPage(browser);
    await goto(page, server.url, 'models');
    await page.locator('[data-action="retrain"]').first().click();
    await page.waitForSelector('[data-training="running"] [role="progressbar"]', { timeout: 10_000 });
    assert.equal(await page.locator('[data-action="retrain"]').first().isDisabled(), true, 'Retrain is disabled while training');
    assert.match((await page.locator('.empty-title').first().textContent()) ?? '', /Training the first forecast/);
    // The bar moves: a progress event with a known total arrives, with a phase in words.
    await page.waitForSelector('[data-training="running"] [role="progressbar"][aria-valuenow]', { timeout: TRAINING_MS });
    assert.match((await page.locator('[data-training="running"] .progress-label').textContent()) ?? '', /\w+/);
    await shot(page, 'models-training', { fullPage: false });
    await page.waitForSelector('#shop-forecast canvas', { timeout: TRAINING_MS });
    await page.waitForSelector('[data-training="running"]', { state: 'detached', timeout: 30_000 });
    await waitForRoute(page, 'models');
    assert.equal(await page.locator('.banner-error').count(), 0, 'no error banner');

    // The plain-words summary of the shop total and the backtest's words.
    const summary = (await page.locator('[data-forecast-summary]').textContent()) ?? '';
    assert.match(summary, /next 4 weeks|next \d+ days/i, summary);
    assert.match((await page.locator('[data-backtest-words]').textContent()) ?? '', /typically off by \d+%/);

    // Accuracy per level and model, against repeating last week.
    const table = page.locator('section.card[aria-label="How accurate the forecasts are"]');
    const text = (await table.textContent()) ?? '';
    for (const words of ['Shop total', 'Products', 'What Tillsight uses', 'Same day last week', 'off by'])
      assert.ok(text.includes(words), `accuracy table lacks “${words}”`);
    assert.ok((await table.locator('tbody tr').count()) >= 4, 'a row per model and level');

    // The product explorer: the best seller's forecast, then a search.
    await page.waitForSelector('#product-forecast canvas', { timeout: 15_000 });
    assert.match((await page.locator('[data-product-summary]').textContent()) ?? '', /units expected in the next \d+ days/);
    await page.fill('[data-control="product-search"]', 'LANTERN');
    await page.waitForFunction(
      () => {
        const d = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number; [i: number]: { textContent: string | null } } } })
          .document;
        const rows = d.querySelectorAll('[data-product]');
        if (!rows.length) return false;
        for (let i = 0; i < rows.length; i++) if (!/lantern/i.test(rows[i].textContent ?? '')) return false;
        return true;
      },
      undefined,
      { timeout: 10_000 },
    );
    await page.locator('[data-product]').first().click();
    await page.waitForFunction(
      () =>
        /lantern/i.test(
          (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(
            '#product-forecast .card-title',
          )?.textContent ?? '',
        ),
      undefined,
      { timeout: 10_000 },
    );

    // The chart's tooltip and CSV export work.
    const canvas = page.locator('#shop-forecast canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    // Well inside the forecast days at the right of the chart, where the ranges are drawn.
    await canvas.hover({ position: { x: box.width * 0.9, y: box.height * 0.5 } });
    await page.waitForSelector('text=/Likely \\(80%\\)/', { timeout: 5_000 });
    const download = page.waitForEvent('download');
    await page.click('#shop-forecast [data-csv]');
    const file = await download;
    assert.match(file.suggestedFilename(), /shop-sales-forecast\.csv$/);

    // The run is listed: done, serving, on the whole of the data, with its time and memory.
    const runs = page.locator('section.card[aria-label="Training runs"] tbody tr');
    assert.ok((await runs.count()) >= 1, 'the training run is listed');
    // Every kind trains in one go (forecast first, newest runs listed first): find the forecast's row.
    const rows = await runs.allTextContents();
    const run = rows.find((r) => r.includes('forecast')) ?? '';
    for (const words of ['forecast', 'Done', 'in use', '1 Dec 2010', '9 Dec 2011', 'MB'])
      assert.ok(run.includes(words), `the forecast's run row lacks “${words}”: ${rows.join(' | ')}`);

    // The segment model's quality and the anomaly timeline, trained in the same run.
    await page.waitForSelector('section.card[aria-label="Customer segments and value"]', { timeout: 10_000 });
    await page.waitForSelector('[data-anomaly-timeline]', { timeout: 10_000 });
    assert.ok(Number(await page.locator('[data-anomaly-timeline]').getAttribute('data-anomaly-timeline')) > 0, 'the timeline lists anomalies');
    await shot(page, 'models-light');
    assert.deepEqual(errors, [], `console errors: ${errors.join('\n')}`);
    await context.close();
  });

  it('draws the forecast band after the last data on the Overview’s sales trend', async () => {
    const { page, errors, context } = await openPage(browser);
    await goto(page, server.url, 'executive');
    // The default is the last full month (November 2011); the next one holds the last data day (9 Dec 2011).
    await page.click('[data-action="period-next"]');
    await page.waitForSelector('[data-period-from="2011-12-01"]');
    await waitForRoute(page, 'executive');
    const trend = page.locator('section.card[aria-label="Sales trend"]');
    await page.waitForFunction(
      () =>
        /the forecast for the next \d+ days/.test(
          (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(
            'section.card[aria-label="Sales trend"] .card-sub',
          )?.textContent ?? '',
        ),
      undefined,
      { timeout: 10_000 },
    );
    assert.match((await trend.locator('.card-sub').textContent()) ?? '', /forecast/);
    await shot(page, 'overview-forecast-band');
    assert.deepEqual(errors, [], `console errors: ${errors.join('\n')}`);
    await context.close();
  });

  it('shows the trained page in the dark theme without console errors', async () => {
    const { page, errors, context } = await openPage(browser, { colorScheme: 'dark' });
    await goto(page, server.url, 'models');
    await page.waitForSelector('#shop-forecast canvas', { timeout: 15_000 });
    await page.waitForSelector('#product-forecast canvas', { timeout: 15_000 });
    await shot(page, 'models-dark');
    assert.deepEqual(errors, [], `console errors: ${errors.join('\n')}`);
    await context.close();
  });
});

/**
 * End to end, on the real Online Retail data: a real `tillsight serve` opens on a database whose models were
 * never trained, so it trains them by itself; #/models shows the empty state with the training's progress,
 * then the shop forecast chart, the accuracy table and the product explorer; Retrain runs a new training with
 * a moving progress bar and a new run in the runs table; the Overview's sales trend of the current month
 * carries the forecast band. No console errors, light and dark screenshots.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goto, openPage, realDbCopy, shot, skipReason, useServerAndBrowser, waitForRoute } from './helpers.js';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e models: ${skip}`);

/** A whole training of every model on the real data; generous, as the test machine may be shared. */
const TRAINING_MS = 15 * 60_000;

describe('the Forecasts page on the real Online Retail data', { skip: skip ?? false, timeout: 3 * TRAINING_MS }, () => {
  const stage = useServerAndBrowser(realDbCopy);

  it('trains on opening, then shows the forecast chart, the accuracy table and the product explorer', async () => {
    const { page, errors, context } = await openPage(stage.browser);
    await page.goto(`${stage.server.url}#/models`);
    await page.waitForSelector('[data-page="models"]');
    // The first training runs by itself (models missing): the page says so and shows its progress.
    const first = await page.waitForSelector('[data-training="running"], #shop-forecast canvas', { timeout: 60_000 });
    if ((await first.getAttribute('data-training')) === 'running') {
      assert.ok(await page.locator('[role="progressbar"]').count(), 'a progress bar while the first training runs');
      assert.match((await page.locator('.empty-title').first().textContent()) ?? '', /Training the first forecast/);
    }
    await page.waitForSelector('#shop-forecast canvas', { timeout: TRAINING_MS });
    await waitForRoute(page, 'models');

    // The plain-words summary of the shop total and the backtest's words.
    const summary = (await page.locator('[data-forecast-summary]').textContent()) ?? '';
    assert.match(summary, /next 4 weeks|next \d+ days/i, summary);
    assert.match((await page.locator('[data-backtest-words]').textContent()) ?? '', /typically off by \d+%/);

    // Accuracy per level and model, against repeating last week.
    const table = page.locator('section.card[aria-label="How accurate the forecasts are"]');
    const text = (await table.textContent()) ?? '';
    for (const words of ['Shop total', 'Products', 'What Tillsight uses', 'Same day last week', 'off by']) assert.ok(text.includes(words), `accuracy table lacks “${words}”`);
    assert.ok((await table.locator('tbody tr').count()) >= 4, 'a row per model and level');

    // The product explorer: the best seller's forecast, then a search.
    await page.waitForSelector('#product-forecast canvas', { timeout: 15_000 });
    assert.match((await page.locator('[data-product-summary]').textContent()) ?? '', /units expected in the next \d+ days/);
    await page.fill('[data-control="product-search"]', 'LANTERN');
    await page.waitForFunction(() => {
      const d = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number; [i: number]: { textContent: string | null } } } }).document;
      const rows = d.querySelectorAll('[data-product]');
      if (!rows.length) return false;
      for (let i = 0; i < rows.length; i++) if (!/lantern/i.test(rows[i]!.textContent ?? '')) return false;
      return true;
    }, undefined, { timeout: 10_000 });
    await page.locator('[data-product]').first().click();
    await page.waitForFunction(() => /lantern/i.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('#product-forecast .card-title')?.textContent ?? ''), undefined, { timeout: 10_000 });

    // The chart's tooltip and CSV export work.
    const canvas = page.locator('#shop-forecast canvas').first();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.5);
    await page.waitForSelector('text=/Likely \\(80%\\)/', { timeout: 5_000 });
    const download = page.waitForEvent('download');
    await page.click('#shop-forecast [data-csv]');
    const file = await download;
    assert.match(file.suggestedFilename(), /shop-sales-forecast\.csv$/);

    // Slots for the segment and anomaly views.
    assert.equal(await page.locator('section[data-slot="segments-quality"]').count(), 1);
    assert.equal(await page.locator('section[data-slot="anomaly-timeline"]').count(), 1);
    await shot(page, 'models-light');
    assert.deepEqual(errors, [], `console errors: ${errors.join('\n')}`);
    await context.close();
  });

  it('retrains on demand with a progress bar, and records the new run', async () => {
    const { page, errors, context } = await openPage(stage.browser, { colorScheme: 'dark' });
    await goto(page, stage.server.url, 'models');
    await page.waitForSelector('#shop-forecast canvas', { timeout: 30_000 });
    const runsBefore = await page.locator('section.card[aria-label="Training runs"] tbody tr').count();
    await page.click('[data-action="retrain"]');
    await page.waitForSelector('[data-training="running"] [role="progressbar"]', { timeout: 10_000 });
    assert.equal(await page.locator('[data-action="retrain"]').first().isDisabled(), true, 'Retrain is disabled while training');
    // The bar moves: a progress event with a known total arrives.
    await page.waitForSelector('[data-training="running"] [role="progressbar"][aria-valuenow]', { timeout: TRAINING_MS });
    await shot(page, 'models-retraining-dark', { fullPage: false });
    await page.waitForSelector('[data-training="running"]', { state: 'detached', timeout: TRAINING_MS });
    await waitForRoute(page, 'models');
    await page.waitForSelector('#shop-forecast canvas', { timeout: 30_000 });
    const runsAfter = await page.locator('section.card[aria-label="Training runs"] tbody tr').count();
    assert.ok(runsAfter > runsBefore, `a new run is listed (${runsBefore} → ${runsAfter})`);
    assert.match((await page.locator('section.card[aria-label="Training runs"] tbody tr').first().textContent()) ?? '', /retrain/i);
    assert.equal(await page.locator('.banner-error').count(), 0, 'no error banner');
    await shot(page, 'models-dark');
    assert.deepEqual(errors, [], `console errors: ${errors.join('\n')}`);
    await context.close();
  });

  it('draws the forecast band after the last data on the Overview’s sales trend', async () => {
    const { page, errors, context } = await openPage(stage.browser);
    await goto(page, stage.server.url, 'executive');
    // The default is the last full month (November 2011); the next one holds the last data day (9 Dec 2011).
    await page.click('[data-action="period-next"]');
    await page.waitForSelector('[data-period-from="2011-12-01"]');
    await waitForRoute(page, 'executive');
    const trend = page.locator('section.card[aria-label="Sales trend"]');
    await page.waitForFunction(
      () => /the forecast for the next \d+ days/.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('section.card[aria-label="Sales trend"] .card-sub')?.textContent ?? ''),
      undefined,
      { timeout: 10_000 },
    );
    assert.match((await trend.locator('.card-sub').textContent()) ?? '', /forecast/);
    await shot(page, 'overview-forecast-band');
    assert.deepEqual(errors, [], `console errors: ${errors.join('\n')}`);
    await context.close();
  });
});

/**
 * End to end, PDF reports under `tillsight serve` in Chromium: the Export PDF
 * dialog on the real data downloads a PDF (rendered by the worker, fetched with
 * the token, saved by the browser), remembers the shop's name, and the chart the
 * page draws is the chart the PDF renders, from the same builder and data.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ExecutiveDashboard } from '../common/api-dashboards.js';
import { chartSummary, LIGHT, salesTrendOption } from '../common/charts/index.js';
import { createFormat } from '../common/format.js';
import { renderChartSvg } from '../core/reports/charts.js';
import { goto, openPage, realDbCopy, shot, skipReason, tempDir, useServerAndBrowser } from './helpers.js';

const skip = skipReason() ?? (spawnSync('pdfinfo', ['-v']).error ? 'poppler-utils is not installed (apt-get install -y poppler-utils)' : null);
if (skip) console.log(`# SKIP e2e PDF reports: ${skip}`);

describe('PDF reports', { skip: skip ?? false, timeout: 300_000 }, () => {
  const stage = useServerAndBrowser(realDbCopy);

  it('the Export PDF dialog renders the report with progress and downloads it', async () => {
    const { page, errors, context } = await openPage(stage.browser);
    await goto(page, stage.server.url, 'inventory');
    await page.click('[data-action="export-pdf"]');
    await page.waitForSelector('[data-export-dialog][data-stage="choose"]');
    assert.equal(await page.inputValue('[data-export="to"]'), '2011-12-09', 'the period ends with the data');
    await page.fill('[data-export="shop"]', 'Online Retail Ltd');
    await page.uncheck('[data-export-section="customers"]');
    await shot(page, 'export-pdf-dialog', { fullPage: false });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click('[data-action="export-run"]')]);
    const file = path.join(tempDir(), download.suggestedFilename());
    await download.saveAs(file);
    assert.match(download.suggestedFilename(), /^Online Retail Ltd report 2011-01-01 to 2011-12-09\.pdf$/);
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    assert.ok(pages >= 3, `${pages} pages`);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.match(text, /Online Retail Ltd/);
    assert.match(text, /Sales trend/);
    assert.doesNotMatch(text, /Best customers to date/, 'the unchecked section is left out');
    await page.waitForSelector(`[data-export-done][data-file-name="${download.suggestedFilename()}"]`);
    await shot(page, 'export-pdf-done', { fullPage: false });
    await page.click('[data-action="export-close"]');
    // Remembered for next time: the shop's name and the sections.
    await page.click('[data-action="export-pdf"]');
    assert.equal(await page.inputValue('[data-export="shop"]'), 'Online Retail Ltd');
    assert.equal(await page.isChecked('[data-export-section="customers"]'), false);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the Overview’s sales trend and the PDF’s come from the same builder and data', async () => {
    const { page, errors, context } = await openPage(stage.browser);
    await goto(page, stage.server.url, 'executive');
    const chart = page.locator('section[aria-label="Sales trend"] [data-chart]');
    await chart.waitFor({ timeout: 15_000 });
    const drawn = await chart.getAttribute('data-chart');
    // The same data from the same API the page used, built into an option here in Node and rendered as the PDF renders it.
    const token = await page.getAttribute('meta[name="tillsight-token"]', 'content');
    const res = await fetch(`${stage.server.url}api/call/executiveDashboard`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Tillsight-Token': token! },
      body: JSON.stringify({ period: 'month' }),
    });
    const d = (await res.json()) as ExecutiveDashboard;
    const format = createFormat('en-GB', 'GBP');
    const option = salesTrendOption(d.trend, { palette: LIGHT, format });
    assert.equal(drawn, chartSummary(option));
    const svg = renderChartSvg(option, 900, 300);
    assert.ok(svg.includes('>This period<'));
    assert.ok(svg.includes(`>${format.dayMonth(d.trend.points[0].date)}<`));
    assert.deepEqual(errors, []);
    await context.close();
  });
});

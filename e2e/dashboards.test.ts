/**
 * End to end, on the real Online Retail data: every route opens in Chromium
 * against a real `tillsight serve`, the KPI tiles' figures match an independent
 * computation from the CSV, no route logs a console error, the keyboard reaches
 * the navigation and the period picker, and every route is screenshotted in the
 * light and the dark theme (test-results/screenshots/).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ROUTES,
  assertClose,
  expectedKpis,
  goto,
  kpiValue,
  openPage,
  realDbCopy,
  retailRows,
  shot,
  skipReason,
  useServerAndBrowser,
  waitForRoute,
} from './helpers.js';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e dashboards: ${skip}`);

describe('dashboards on the real Online Retail data', { skip: skip ?? false, timeout: 240_000 }, () => {
  const stage = useServerAndBrowser(realDbCopy);

  it('shows the last full month by default, with figures that match the CSV', async () => {
    const { page, errors, context } = await openPage(stage.browser);
    const t0 = Date.now();
    await goto(page, stage.server.url, 'executive');
    const firstView = Date.now() - t0;
    const bar = page.locator('[data-period-from]');
    const from = await bar.getAttribute('data-period-from');
    const to = await bar.getAttribute('data-period-to');
    // The data ends on 9 Dec 2011: the last full month is November 2011.
    assert.equal(from, '2011-11-01');
    assert.equal(to, '2011-11-30');
    const rows = retailRows();
    const exp = expectedKpis(rows, from, to);
    assertClose(await kpiValue(page, 'netSales'), exp.netSales, 'net sales, Nov 2011');
    assert.equal(await kpiValue(page, 'orders'), exp.orders, 'orders, Nov 2011');
    assert.equal(await kpiValue(page, 'customers'), exp.customers, 'customers, Nov 2011');
    assertClose(await kpiValue(page, 'units'), exp.units, 'units, Nov 2011');
    assertClose(await kpiValue(page, 'returns'), exp.returns, 'returns, Nov 2011');
    assertClose(await kpiValue(page, 'avgOrderValue'), exp.avgOrderValue, 'average order, Nov 2011');
    assert.equal(await kpiValue(page, 'grossMargin'), null, 'no costs in the data: no margin');

    // Step back a month: October 2011, compared against the CSV too.
    await page.click('[data-action="period-prev"]');
    await page.waitForSelector('[data-period-from="2011-10-01"]');
    await waitForRoute(page, 'executive');
    const oct = expectedKpis(rows, '2011-10-01', '2011-10-31');
    assertClose(await kpiValue(page, 'netSales'), oct.netSales, 'net sales, Oct 2011');
    assert.equal(await kpiValue(page, 'customers'), oct.customers, 'customers, Oct 2011');

    // A week: the last full week (Mon 28 Nov – Sun 4 Dec 2011).
    await page.click('[data-period="week"]');
    await page.waitForSelector('[data-period-kind="week"]');
    await waitForRoute(page, 'executive');
    assert.equal(await bar.getAttribute('data-period-from'), '2011-11-28');
    const wk = expectedKpis(rows, '2011-11-28', '2011-12-04');
    assertClose(await kpiValue(page, 'netSales'), wk.netSales, 'net sales, week of 28 Nov 2011');
    assert.equal(await kpiValue(page, 'orders'), wk.orders, 'orders, week of 28 Nov 2011');

    // A year: 2011 to date is not complete, so the default year is 2010 (December only).
    await page.click('[data-period="year"]');
    await page.waitForSelector('[data-period-kind="year"]');
    await waitForRoute(page, 'executive');
    const y = await bar.getAttribute('data-period-from');
    const yExp = y === '2010-01-01' ? expectedKpis(rows, '2010-01-01', '2010-12-31') : expectedKpis(rows, '2011-01-01', '2011-12-09');
    assertClose(await kpiValue(page, 'netSales'), yExp.netSales, `net sales, year from ${y}`);
    assert.deepEqual(errors, [], 'no console errors on the overview');
    console.log(`# first dashboard visible ${firstView} ms after navigation`);
    await context.close();
  });

  it('every route renders in light and dark with no console error; screenshots kept', async () => {
    const rows = retailRows();
    const all = expectedKpis(rows, '0000-01-01', '9999-12-31');
    const lastDay = expectedKpis(rows, '2011-12-09', '2011-12-09');
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors, context } = await openPage(stage.browser, { colorScheme: scheme });
      for (const route of ROUTES) {
        await goto(page, stage.server.url, route);
        // Charts draw after data arrives; give ECharts' animation a moment before the picture.
        await page.waitForTimeout(700);
        const theme = await page.evaluate(
          () => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme,
        );
        assert.equal(theme, scheme, `${route} follows prefers-color-scheme`);
        await shot(page, `${route}-${scheme}`);
        if (scheme === 'light') {
          if (route === 'operations') {
            assertClose(await kpiValue(page, 'dayNet'), lastDay.netSales, 'latest day net sales (9 Dec 2011)');
            assert.equal(await kpiValue(page, 'dayOrders'), lastDay.orders, 'latest day orders');
          }
          if (route === 'customers') assert.equal(await kpiValue(page, 'customerCount'), all.customers, 'all-time customers');
          if (route === 'imports') {
            assert.equal(await kpiValue(page, 'rowsRead'), rows.length, 'rows read');
            assert.equal(await kpiValue(page, 'rowsImported'), rows.length, 'rows imported');
          }
          if (route === 'inventory') await page.waitForSelector('text=No stock figures yet');
        }
      }
      assert.deepEqual(errors, [], `no console errors on any route (${scheme})`);
      await context.close();
    }
  });

  it('the keyboard reaches the navigation and the period picker', async () => {
    const { page, errors, context } = await openPage(stage.browser);
    await goto(page, stage.server.url, 'executive');
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const tag = await page.evaluate(() => {
        const el = (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null; textContent: string | null } | null } })
          .document.activeElement;
        if (!el) return '';
        return el.getAttribute('data-route')
          ? `nav:${el.getAttribute('data-route')}`
          : el.getAttribute('data-period')
            ? `period:${el.getAttribute('data-period')}`
            : '';
      });
      if (tag) seen.push(tag);
    }
    assert.ok(seen.includes('nav:operations'), `Tab reaches the navigation (saw ${seen.join(', ')})`);
    assert.ok(seen.includes('period:week'), `Tab reaches the period picker (saw ${seen.join(', ')})`);
    // Enter on a focused nav link follows it; the focus ring is visible.
    await page.focus('[data-route="customers"]');
    const outline = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { activeElement: unknown }; getComputedStyle(e: unknown): { outlineStyle: string } };
      return g.getComputedStyle(g.document.activeElement).outlineStyle;
    });
    assert.notEqual(outline, 'none', 'a focused link shows a focus ring');
    await page.keyboard.press('Enter');
    await waitForRoute(page, 'customers');
    // Space on a period button switches the period.
    await goto(page, stage.server.url, 'executive');
    await page.focus('[data-period="quarter"]');
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-period-kind="quarter"]');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the currency is a setting kept across reloads', async () => {
    const { page, errors, context } = await openPage(stage.browser);
    await goto(page, stage.server.url, 'executive');
    const text = () => page.locator('[data-kpi="netSales"] .kpi-value').innerText();
    assert.match(await text(), /£/, 'GBP by default for a UK shop');
    await page.selectOption('[data-setting="currency"]', 'EUR');
    assert.match(await text(), /€/);
    await page.reload();
    await waitForRoute(page, 'executive');
    assert.match(await text(), /€/, 'the choice survives a reload');
    await page.click('[data-action="theme"]');
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('tillsight.theme')),
      'dark',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});

/**
 * End to end, on the real Online Retail data: the anomaly model trained by
 * `tillsight anomalies` (through the training job, the forecast first: the
 * shop's days are judged against its expected values), then Chromium sees its
 * anomalies on the Day to day page, newest first as the CLI lists them, follows
 * one to its day, and marks one as explained: the CLI no longer lists it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goto, openPage, realDbCopy, runCli, shot, skipReason, useServerAndBrowser, waitForRoute } from './helpers.js';

const skip = skipReason();
if (skip) console.log(`# SKIP e2e anomalies: ${skip}`);

interface CliAnomaly {
  date: string;
  scope: string;
  score: number;
  direction: string;
  explanation: string;
}

let dbPath = '';
const cliList = (): CliAnomaly[] => {
  const r = runCli(['anomalies', '--db', dbPath, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { anomalies: CliAnomaly[] }).anomalies;
};

describe('anomalies on the real Online Retail data', { skip: skip ?? false, timeout: 240_000 }, () => {
  let before: CliAnomaly[] = [];
  const stage = useServerAndBrowser(() => {
    dbPath = realDbCopy();
    before = cliList(); // trains the forecast and the anomaly model first (a real worker thread), then lists
    return dbPath;
  });

  it('lists the anomalies on Day to day, follows one to its day, and marks one explained', async () => {
    assert.ok(before.length > 20, `the CLI listed ${before.length} anomalies`);
    const scores = before.map((a) => a.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      'CLI output sorted by score',
    );
    assert.ok(
      before.every((a) => new Date(`${a.date}T00:00:00Z`).getUTCDay() !== 6),
      'no Saturday: the shop never trades on one',
    );

    const { page, errors, context } = await openPage(stage.browser);
    await goto(page, stage.server.url, 'operations');
    const items = page.locator('[data-anomaly-date]');
    await items.first().waitFor({ timeout: 20_000 });
    // No DOM library in this project's Node-side types: the elements are described by what is read.
    type El = { getAttribute(name: string): string | null; textContent: string | null };
    const shown: Array<{ date: string; scope: string; text: string }> = await items.evaluateAll((els) =>
      (els as unknown as El[]).map((e) => ({
        date: e.getAttribute('data-anomaly-date') ?? '',
        scope: e.getAttribute('data-anomaly-scope') ?? '',
        text: e.textContent ?? '',
      })),
    );
    assert.ok(shown.length >= 5, `${shown.length} anomalies shown`);
    // Newest first, and the newest of what the CLI lists.
    const dates = shown.map((s) => s.date);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const newest = [...new Set(before.map((a) => a.date))].sort().reverse()[0];
    assert.equal(dates[0], newest);
    for (const s of shown)
      assert.ok(
        before.some((a) => a.date === s.date && a.scope === s.scope && s.text.includes(a.explanation)),
        `shown but not listed: ${s.text}`,
      );
    await shot(page, 'anomalies-operations-light');

    // The link goes to that day on the same page.
    const first = items.first();
    const firstDate = (await first.getAttribute('data-anomaly-date'))!;
    const firstScope = (await first.getAttribute('data-anomaly-scope'))!;
    await first.locator('[data-action="anomaly-day"]').click();
    await page.waitForSelector(`[data-latest-date="${firstDate}"]`, { timeout: 15_000 });
    await waitForRoute(page, 'operations');

    // Mark it explained: the card says so, and it no longer counts.
    const item = page.locator(`[data-anomaly-date="${firstDate}"][data-anomaly-scope="${firstScope}"]`).first();
    await item.locator('[data-action="anomaly-explained"]').click();
    await page.waitForSelector(`[data-anomaly-date="${firstDate}"][data-anomaly-scope="${firstScope}"][data-mark="explained"]`, { timeout: 10_000 });
    const after = cliList();
    const explainedBefore = before.filter((a) => a.date === firstDate && a.scope === firstScope).length;
    const explainedAfter = after.filter((a) => a.date === firstDate && a.scope === firstScope).length;
    assert.ok(explainedBefore >= 1 && explainedAfter === explainedBefore - 1, `explained anomaly still listed (${explainedBefore} → ${explainedAfter})`);
    assert.equal(after.length, before.length - 1);

    // Undo brings it back.
    await page
      .locator(`[data-anomaly-date="${firstDate}"][data-anomaly-scope="${firstScope}"][data-mark="explained"] [data-action="anomaly-unmark"]`)
      .first()
      .click();
    await page.waitForFunction(
      ([d, s]) =>
        !(globalThis as unknown as { document: { querySelector(q: string): unknown } }).document.querySelector(
          `[data-anomaly-date="${d}"][data-anomaly-scope="${s}"][data-mark="explained"]`,
        ),
      [firstDate, firstScope],
      { timeout: 10_000 },
    );
    assert.equal(cliList().length, before.length);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

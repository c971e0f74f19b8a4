/**
 * Text contrast meets WCAG 2.1 AA on every route, in light and dark: 4.5:1 for
 * normal text, 3:1 for large text (24 px, or 18.66 px bold). Colours are read
 * from the rendered page, with translucent backgrounds blended down to the
 * first opaque one. Charts (canvas/SVG) and disabled controls are out of scope.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goto, openPage, realDbCopy, ROUTES, skipReason, useServerAndBrowser } from './helpers.js';

const skip = skipReason({ needData: true });
if (skip) console.log(`# SKIP e2e accessibility: ${skip}`);

// Runs in the page (plain JavaScript: the test's TypeScript has no DOM types).
const LOW_CONTRAST = `(() => {
  const parse = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c); if (!m) return null; const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const blend = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let base = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) base = blend(layers[i], base);
    return base;
  };
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = (node.textContent || '').trim();
    const el = node.parentElement;
    if (!text || !el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('svg, canvas, [aria-hidden="true"], [disabled], [aria-disabled="true"]')) continue;
    const cs = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (cs.visibility === 'hidden' || Number(cs.opacity) === 0 || box.width === 0 || box.height === 0) continue;
    const bg = background(el);
    const fg = blend(parse(cs.color), bg);
    const hi = Math.max(lum(fg), lum(bg)), lo = Math.min(lum(fg), lum(bg));
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (Number(cs.fontWeight) >= 700 && size >= 18.66);
    const need = large ? 3 : 4.5;
    if (ratio < need - 0.005) out.push(text.slice(0, 40) + ' — ' + ratio.toFixed(2) + ':1 (needs ' + need + '), ' + cs.color + ' on rgb(' + [bg.r, bg.g, bg.b].map(Math.round).join(',') + ')');
  }
  return out;
})()`;

describe('accessibility', { skip: skip ?? false, timeout: 240_000 }, () => {
  const stage = useServerAndBrowser(realDbCopy);

  it('text contrast meets WCAG AA on every route, light and dark', async () => {
    const failures: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const { page, context } = await openPage(stage.browser, { colorScheme: scheme });
      for (const route of ROUTES) {
        await goto(page, stage.server.url, route);
        for (const f of await page.evaluate<string[]>(LOW_CONTRAST)) failures.push(`${scheme} #/${route}: ${f}`);
      }
      await context.close();
    }
    assert.deepEqual(failures, []);
  });
});

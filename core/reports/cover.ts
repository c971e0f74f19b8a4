/**
 * The cover: the shop's name (and logo), the period, the key figures against
 * the period before and the same period last year, a sentence saying what they
 * mean, and room for the contents list (written once the pages are laid out).
 */
import type { Kpis } from '../../common/api.js';
import { relativeChange, type Format } from '../../common/format.js';
import type { ReportData } from './data.js';
import { FONT } from './fonts.js';
import { INK, type Cell, type Sheet } from './layout.js';

interface Figure {
  label: string;
  value: (k: Kpis) => number | null;
  kind: 'money' | 'count';
  /** An increase is bad news (returns). */
  inverse?: boolean;
}

const FIGURES: Figure[] = [
  { label: 'Net sales', value: (k) => k.netSales, kind: 'money' },
  { label: 'Orders', value: (k) => k.orders, kind: 'count' },
  { label: 'Customers', value: (k) => k.customers, kind: 'count' },
  { label: 'Average order', value: (k) => k.avgOrderValue, kind: 'money' },
  { label: 'Units sold', value: (k) => k.units, kind: 'count' },
  { label: 'Refunds and cancellations', value: (k) => k.returns, kind: 'money', inverse: true },
  { label: 'Shipping, fees, adjustments (apart)', value: (k) => k.nonProductSales, kind: 'money' },
  { label: 'Tax collected', value: (k) => k.tax, kind: 'money' },
  { label: 'Total collected', value: (k) => k.totalCollected, kind: 'money' },
  { label: 'Gross margin', value: (k) => k.grossMargin, kind: 'money' },
];

export function changeCell(f: Format, current: number | null, before: number | null | undefined, inverse = false): Cell {
  // A change is only meaningful between two positive figures (postage less refunds of postage can flip sign).
  const c = current === null || current < 0 || !before || before < 0 ? null : relativeChange(current, before);
  if (c === null) return { text: '—', color: INK.faint };
  const good = inverse ? c < 0 : c > 0;
  return { text: f.signedPct(c, 1), color: Math.abs(c) < 0.0005 ? INK.muted : good ? INK.positive : INK.negative };
}

export function drawCover(sheet: Sheet, d: ReportData, f: Format, today: string): { contentsY: number } {
  const doc = sheet.doc;
  const o = d.options;
  const ex = d.executive;
  const top = sheet.y;
  if (o.logo) {
    try {
      doc.image(Buffer.from(o.logo), sheet.left + sheet.width - 150, top - 6, { fit: [150, 64], align: 'right' });
    } catch {
      // An image pdfkit cannot decode leaves the cover without a logo rather than failing the report.
    }
  }
  const titleWidth = sheet.width - (o.logo ? 170 : 0);
  doc.font(FONT.bold.name).fontSize(9).fillColor(INK.accent).text('SALES REPORT', sheet.left, top, { width: titleWidth });
  doc.moveDown(0.3);
  doc
    .font(FONT.bold.name)
    .fontSize(26)
    .fillColor(INK.text)
    .text(o.shopName ?? 'Your shop', sheet.left, doc.y, { width: titleWidth });
  doc.moveDown(0.15);
  doc.font(FONT.regular.name).fontSize(14).fillColor(INK.text).text(f.dateRange(o.from, o.to), { width: titleWidth });
  doc.moveDown(0.3);
  doc
    .font(FONT.regular.name)
    .fontSize(8.8)
    .fillColor(INK.muted)
    .text(
      `Prepared on ${f.date(today)} by Tillsight from the shop’s own sales exports (data from ${f.date(d.dataFirst)} to ${f.date(d.dataLast)}). Amounts in ${o.currency}.`,
      { width: titleWidth },
    );
  sheet.y = Math.max(doc.y, top + 70) + 16;

  const k = ex.kpis;
  const cmp = [
    { label: 'Period before', kpis: k.previous, span: ex.previous },
    { label: 'Same period last year', kpis: k.lastYear, span: ex.lastYear },
  ].filter((c) => c.kpis !== null);
  sheet.subheading('Key figures', 200);
  const figures = FIGURES.filter((x) => x.value(k.current) !== null);
  const show = (x: Figure, kp: Kpis) => {
    const v = x.value(kp);
    return x.kind === 'money' ? f.money(v, { cents: true }) : f.num(v, Number.isInteger(v) ? 0 : 2);
  };
  sheet.table(
    [
      { header: '', width: 2.6 },
      { header: 'This period', width: 1.5, align: 'right' },
      ...cmp.flatMap((c) => [
        { header: c.label, width: 1.5, align: 'right' as const },
        { header: 'Change', width: 0.9, align: 'right' as const },
      ]),
    ],
    figures.map((x) => [
      { text: x.label, bold: x.label === 'Net sales' },
      { text: show(x, k.current), bold: x.label === 'Net sales' },
      ...cmp.flatMap((c) => [{ text: show(x, c.kpis!), color: INK.muted }, changeCell(f, x.value(k.current), x.value(c.kpis!), x.inverse)]),
    ]),
    { size: 9, rowHeight: 17 },
  );
  const spans = [`This period: ${f.dateRange(o.from, o.to)}.`, ...cmp.map((c) => `${c.label}: ${f.dateRange(c.span!.from, c.span!.to)}.`)];
  if (!k.previous || !k.lastYear) {
    const missing = [!k.previous && 'the period before', !k.lastYear && 'the same period last year'].filter(Boolean).join(' or ');
    spans.push(`The data starts on ${f.date(d.dataFirst)}, so there is nothing to compare with for ${missing}.`);
  }
  sheet.paragraph(spans.join(' '), { color: INK.muted, size: 8.4, after: 10 });
  sheet.paragraph(summarySentence(d, f), { size: 10.5, after: 14 });
  return { contentsY: sheet.y };
}

function summarySentence(d: ReportData, f: Format): string {
  const k = d.executive.kpis;
  const c = k.current;
  const parts = [
    `Net sales were ${f.money(c.netSales, { cents: true })} from ${f.num(c.orders)} orders, ${f.money(c.avgOrderValue, { cents: true })} an order on average`,
  ];
  const vs = (label: string, before: Kpis | null) => {
    const r = before ? relativeChange(c.netSales, before.netSales) : null;
    if (r === null) return;
    parts.push(`${r >= 0 ? 'up' : 'down'} ${f.pct(Math.abs(r), 1)} on ${label}`);
  };
  vs('the period before', k.previous);
  vs('the same period last year', k.lastYear);
  const top = d.products.top[0];
  let s = parts.join(', ') + '.';
  if (top) s += ` The best-selling product was ${top.name} (${f.money(top.net, { cents: true })}, ${f.pct(top.share, 1)} of product sales).`;
  return s;
}

/** The contents list on the cover, each line linked to its section. */
export function drawContents(sheet: Sheet, y: number, entries: Array<{ title: string; page: number; destination: string }>): void {
  const doc = sheet.doc;
  doc.font(FONT.bold.name).fontSize(11.5).fillColor(INK.text).text('In this report', sheet.left, y, { width: sheet.width });
  let ly = doc.y + 4;
  for (const e of entries) {
    doc.font(FONT.regular.name).fontSize(10).fillColor(INK.text);
    const pageText = String(e.page);
    const tw = doc.widthOfString(e.title);
    const pw = doc.widthOfString(pageText);
    doc.text(e.title, sheet.left, ly, { lineBreak: false, goTo: e.destination });
    // Dotted leader between the title and its page number.
    doc
      .save()
      .moveTo(sheet.left + tw + 6, ly + 9)
      .lineTo(sheet.left + sheet.width - pw - 6, ly + 9)
      .dash(0.8, { space: 2.6 })
      .lineWidth(0.7)
      .strokeColor(INK.faint)
      .stroke()
      .restore();
    doc.text(pageText, sheet.left + sheet.width - pw, ly, { lineBreak: false, goTo: e.destination });
    ly += 17;
  }
}

/**
 * The report's sections after the cover, each drawn from ReportData with the
 * shared chart builders (the same charts as the app's pages) and tables.
 */
import type { TopProduct } from '../../common/api-dashboards.js';
import type { ReportSection } from '../../common/api-reports.js';
import {
  categoryOption,
  cohortOption,
  forecastOption,
  newPerMonthOption,
  newReturningOption,
  salesTrendOption,
  type ChartContext,
} from '../../common/charts/index.js';
import type { Format } from '../../common/format.js';
import { modelName } from '../../common/model-names.js';
import { changeCell } from './cover.js';
import type { ReportData } from './data.js';
import { chartRow, INK, note, type Sheet } from './layout.js';

export interface SectionContext {
  sheet: Sheet;
  d: ReportData;
  f: Format;
  chart: ChartContext;
}

/**
 * How the figures are counted, as the importer and kpis() define them today
 * (see the README's definitions); keep this sentence in step with them.
 */
export const DEFINITIONS =
  'Net sales are gross sales less discounts and returns, for goods only: quantity × price less discounts, with refunds and cancellations counted negative on their own dates. Shipping, tips, fees, adjustments and taxes are not in net sales; they are counted apart as non-product lines. Orders are distinct receipts with at least one sale of goods; refund and cancellation documents are not orders. Customers are distinct customer identities. Voided receipts that never were sales are kept but not counted. Dates are the shop’s local dates as the till wrote them.';

export const SECTION_DRAWERS: Record<ReportSection, (c: SectionContext) => void> = {
  trend: drawTrend,
  products: drawProducts,
  customers: drawCustomers,
  forecast: drawForecast,
  stock: drawStock,
  anomalies: drawAnomalies,
  quality: drawQuality,
};

function drawTrend({ sheet, d, f, chart }: SectionContext): void {
  const t = d.executive.trend;
  const hasCmp = t.points.some((p) => p.compareNet !== null);
  sheet.paragraph(`Net sales by ${t.bucket}, ${f.dateRange(d.options.from, d.options.to)}${hasCmp ? ', with the period before as a dashed line' : ''}.`, {
    color: INK.muted,
  });
  sheet.chart(salesTrendOption(t, chart), 230);
  sheet.subheading('Month by month', 120);
  // The year-before columns only when the data reaches back far enough for at least one month.
  const withLastYear = d.months.some((m) => m.lastYear !== null);
  const rows = d.months.map((m) => {
    const full = m.from.endsWith('-01') && m.to === lastDayOf(m.month);
    const label = full
      ? f.monthLong(m.month)
      : `${f.monthShort(m.month)} (${m.from.endsWith('-01') ? '' : `from ${f.dayMonth(m.from)} `}${m.to === lastDayOf(m.month) ? '' : `to ${f.dayMonth(m.to)}`})`.replace(
          ' )',
          ')',
        );
    return [
      label,
      f.money(m.current.netSales, { cents: true }),
      f.num(m.current.orders),
      f.money(m.current.avgOrderValue, { cents: true }),
      f.money(m.current.returns, { cents: true }),
      ...(withLastYear ? [m.lastYear ? f.money(m.lastYear.netSales, { cents: true }) : '—', changeCell(f, m.current.netSales, m.lastYear?.netSales)] : []),
    ];
  });
  const c = d.executive.kpis.current;
  rows.push([
    'Whole period',
    f.money(c.netSales, { cents: true }),
    f.num(c.orders),
    f.money(c.avgOrderValue, { cents: true }),
    f.money(c.returns, { cents: true }),
    ...(withLastYear ? ['', ''] : []),
  ]);
  sheet.table(
    [
      { header: 'Month', width: 1.9 },
      { header: 'Net sales', width: 1.5, align: 'right' },
      { header: 'Orders', width: 0.85, align: 'right' },
      { header: 'Avg order', width: 1, align: 'right' },
      { header: 'Refunds', width: 1.25, align: 'right' },
      ...(withLastYear
        ? [
            { header: 'A year before', width: 1.35, align: 'right' as const },
            { header: 'Change', width: 0.75, align: 'right' as const },
          ]
        : []),
    ],
    rows,
    { totalRow: true },
  );
}

function lastDayOf(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

function productTable(sheet: Sheet, f: Format, rows: TopProduct[], start: (i: number) => number): void {
  sheet.table(
    [
      { header: '#', width: 0.55, align: 'right' },
      { header: 'Product', width: 3.2 },
      { header: 'Code', width: 0.9 },
      { header: 'Units', width: 0.8, align: 'right' },
      { header: 'Net sales', width: 1.2, align: 'right' },
      { header: 'Share', width: 0.7, align: 'right' },
    ],
    rows.map((p, i) => [
      String(start(i)),
      p.name,
      p.sku ?? '',
      f.num(p.units),
      { text: f.money(p.net, { cents: true }), color: p.net < 0 ? INK.negative : INK.text },
      f.pct(p.share, 1),
    ]),
  );
}

function drawProducts({ sheet, d, f, chart }: SectionContext): void {
  const p = d.products;
  const np = d.executive.kpis.current.nonProductSales;
  sheet.paragraph(
    `${f.num(p.productsSold)} products sold in the period, for ${f.money(p.productNet, { cents: true })} of product sales. Share is each product’s part of product sales.` +
      (np ? ` Postage, fees and adjustments (${f.money(np, { cents: true })} in the period) are not products and are left out here.` : ''),
    { color: INK.muted },
  );
  sheet.subheading(`Top ${p.top.length} products by net sales`);
  productTable(sheet, f, p.top, (i) => i + 1);
  sheet.subheading(`Bottom ${p.bottom.length} products`);
  sheet.paragraph('The products that sold least, among those with sales in the period (refunds netted off; items given away at no charge left out).', {
    color: INK.muted,
    size: 8.6,
  });
  productTable(sheet, f, p.bottom, (i) => p.productsSold - i);
  const cats = d.executive.byCategory;
  if (cats.length > 1) {
    sheet.subheading('Sales by category', 200);
    sheet.chart(categoryOption(cats, chart), Math.max(160, Math.min(12, cats.length) * 24 + 30));
  }
}

function drawCustomers({ sheet, d, f, chart }: SectionContext): void {
  const k = d.executive.kpis.current;
  const nv = d.executive.newVsReturning;
  const cd = d.customers!;
  if (cd.summary.customers === 0) {
    note(sheet, 'The sales exports carry no customer IDs, so there are no customer figures. Most tills can include a customer column in their export.');
  } else {
    const total = nv.newNet + nv.returningNet + nv.anonymousNet;
    sheet.paragraph(
      `${f.num(k.customers)} customers bought in the period: ${f.num(nv.newCustomers)} for the first time and ${f.num(nv.returningCustomers)} who had bought before. ` +
        `New customers spent ${f.money(nv.newNet, { cents: true })}, returning customers ${f.money(nv.returningNet, { cents: true })}` +
        (nv.anonymousNet > 0
          ? `, and ${f.money(nv.anonymousNet, { cents: true })} (${f.pct(total > 0 ? nv.anonymousNet / total : 0, 1)}) was sold with no customer recorded.`
          : '.'),
    );
    const months = cd.newPerMonth.filter((m) => m.month >= d.options.from.slice(0, 7) && m.month <= d.options.to.slice(0, 7));
    chartRow(sheet, [newReturningOption(nv, chart), newPerMonthOption(months, chart)], 230);
    sheet.paragraph(`Left: the period’s sales by kind of customer. Right: customers per month, new and returning.`, { color: INK.muted, size: 8.4 });
    sheet.subheading('Best customers to date');
    sheet.table(
      [
        { header: 'Customer', width: 2.4 },
        { header: 'Country', width: 1.4 },
        { header: 'Orders', width: 0.8, align: 'right' },
        { header: 'Spend to date', width: 1.3, align: 'right' },
        { header: 'Last order', width: 1.2, align: 'right' },
      ],
      cd.topCustomers.slice(0, 10).map((c) => [c.name, c.country ?? '', f.num(c.orders), f.money(c.net, { cents: true }), f.date(c.lastDate)]),
    );
    const s = cd.summary;
    sheet.paragraph(
      `To ${f.date(cd.asOf)}: ${f.num(s.customers)} customers in all, ${f.pct(s.repeatRate, 1)} of them bought more than once; a customer has spent ${f.money(s.avgLifetimeValue, { cents: true })} on average (median ${f.money(s.medianLifetimeValue, { cents: true })}).`,
      { color: INK.muted, size: 8.8 },
    );
    if (cd.cohorts.length > 1) {
      sheet.subheading('Cohort retention', 240);
      sheet.paragraph('Each row is the customers who first bought in that month; each cell, the share of them who bought again k months later.', {
        color: INK.muted,
        size: 8.4,
      });
      sheet.chart(cohortOption(cd.cohorts, chart), Math.max(200, cd.cohorts.length * 20 + 50));
    }
  }
  sheet.subheading('Segments', 60);
  const seg = d.models.segments;
  if (seg.state === 'missing') note(sheet, seg.message);
  else
    sheet.table(
      [
        { header: 'Segment', width: 1.4 },
        { header: 'Customers', width: 0.9, align: 'right' },
        { header: 'Spend', width: 1.1, align: 'right' },
        { header: 'What to do', width: 3.6 },
      ],
      seg.data.map((s) => [s.name, f.num(s.customers), f.money(s.net, { cents: true }), s.advice]),
    );
}

function drawForecast({ sheet, d, f, chart }: SectionContext): void {
  const fc = d.models.forecast;
  if (fc.state === 'missing') return note(sheet, fc.message);
  const last = fc.data.actual.at(-1)?.date ?? '';
  const ahead = fc.data.forecast.points.filter((p) => p.date > last);
  sheet.paragraph(
    `${fc.data.description ?? 'Net sales'}, forecast on ${f.date(fc.run.finishedAt?.slice(0, 10) ?? null)} (model: ${modelName(fc.data.forecast.model)}): the dashed line is the most likely figure, the shaded bands the range it should fall in 80% and 95% of the time.`,
    { color: INK.muted },
  );
  sheet.chart(forecastOption(fc.data, chart), 220);
  sheet.table(
    [
      { header: 'Day', width: 1.4 },
      { header: 'Forecast', width: 1.2, align: 'right' },
      { header: '80% range', width: 2, align: 'right' },
      { header: '95% range', width: 2, align: 'right' },
    ],
    ahead.map((p) => [f.date(p.date), f.money(p.mean, { cents: true }), `${f.money(p.lo80)} – ${f.money(p.hi80)}`, `${f.money(p.lo95)} – ${f.money(p.hi95)}`]),
  );
}

function drawStock({ sheet, d, f }: SectionContext): void {
  const inv = d.inventory!;
  if (!inv.hasStock) {
    return note(
      sheet,
      'No stock figures have been imported, so there are no stock alerts or reorder suggestions. Import a stock count (product code, units on hand, the date counted) and, if you have them, deliveries received: Tillsight then works out stock on hand every day, what is running low and what to reorder.',
    );
  }
  const s = inv.summary;
  sheet.paragraph(
    `Stock as of ${f.date(inv.asOf)}: ${f.num(s.products)} products, ${f.num(s.unitsOnHand)} units${s.stockValue !== null ? ` worth ${f.money(s.stockValue, { cents: true })} at cost` : ''}. ` +
      `${f.num(s.outOfStock)} out of stock, ${f.num(s.lowStock)} running low, ${f.num(s.slowMovers)} slow movers, ${f.num(s.deadStock)} not selling.`,
  );
  const st = inv.settings;
  sheet.subheading('Suggested reorders', 100);
  sheet.paragraph(
    `Suggested order = daily rate over the last ${st.rateWindowDays} days × (lead time + ${st.safetyDays} safety days + ${st.orderCycleDays}-day order cycle) − stock on hand; lead time ${st.defaultLeadTimeDays} days where the product list gives none.`,
    { color: INK.muted, size: 8.4 },
  );
  if (!inv.reorders.length) note(sheet, 'Nothing needs reordering right now.');
  else
    sheet.table(
      [
        { header: 'Product', width: 2.8 },
        { header: 'Code', width: 0.9 },
        { header: 'On hand', width: 0.8, align: 'right' },
        { header: 'Sold a day', width: 0.8, align: 'right' },
        { header: 'Days left', width: 0.8, align: 'right' },
        { header: 'Lead time', width: 0.8, align: 'right' },
        { header: 'Order', width: 0.7, align: 'right' },
      ],
      inv.reorders
        .slice(0, 25)
        .map((r) => [
          r.name,
          r.sku ?? '',
          f.num(r.onHand),
          f.num(r.dailyRate, 1),
          r.daysOfCover === null ? '—' : f.num(r.daysOfCover),
          `${f.num(r.leadTimeDays)} d`,
          { text: f.num(r.reorderQty), bold: true },
        ]),
    );
  const alerts = inv.stock.filter((r) => r.status === 'out' || r.status === 'low');
  sheet.subheading('Out of stock and running low', 80);
  if (!alerts.length) note(sheet, 'No product is out of stock or running low.');
  else
    sheet.table(
      [
        { header: 'Product', width: 3 },
        { header: 'Code', width: 0.9 },
        { header: 'Status', width: 1 },
        { header: 'On hand', width: 0.8, align: 'right' },
        { header: 'Last sale', width: 1.1, align: 'right' },
      ],
      alerts
        .slice(0, 25)
        .map((r) => [
          r.name,
          r.sku ?? '',
          { text: r.status === 'out' ? 'Out of stock' : 'Low', color: r.status === 'out' ? INK.negative : INK.text },
          f.num(r.onHand),
          f.date(r.lastSaleDate),
        ]),
    );
}

function drawAnomalies({ sheet, d, f }: SectionContext): void {
  const a = d.models.anomalies;
  if (a.state === 'missing') return note(sheet, a.message);
  if (!a.data.length) return note(sheet, 'Nothing unusual in the period: every day was within its usual range for the weekday and season.');
  sheet.table(
    [
      { header: 'Day', width: 1.3 },
      { header: 'What', width: 6 },
    ],
    a.data.map((x) => [f.dayShort(x.date) + ' ' + x.date.slice(0, 4), x.message]),
  );
}

function drawQuality({ sheet, d, f }: SectionContext): void {
  const q = d.quality!;
  sheet.subheading('Imports', 100);
  sheet.table(
    [
      { header: 'File', width: 2.3 },
      { header: 'Layout', width: 1.2 },
      { header: 'Rows', width: 0.9, align: 'right' },
      { header: 'Imported', width: 0.9, align: 'right' },
      { header: 'Skipped', width: 0.8, align: 'right' },
      { header: 'Not read', width: 0.8, align: 'right' },
      { header: 'Dates', width: 2.1, align: 'right' },
    ],
    d.batches.map((b) => [
      b.file + (b.isSample ? ' (sample)' : ''),
      b.profile,
      f.num(b.rowsRead),
      f.num(b.rowsImported),
      f.num(b.rowsDuplicate),
      { text: f.num(b.rowsRejected), color: b.rowsRejected ? INK.negative : INK.text },
      b.minDate && b.maxDate ? f.dateRange(b.minDate, b.maxDate) : '—',
    ]),
  );
  sheet.paragraph(
    `${f.num(q.rowsRead)} rows read in ${f.num(q.batches)} import${q.batches === 1 ? '' : 's'}: ${f.num(q.rowsImported)} imported, ${f.num(q.rowsDuplicate)} skipped as already imported (never counted twice), ${f.num(q.rowsRejected)} could not be read. ` +
      `Sales on ${f.num(q.daysWithSales)} of the ${f.num(q.calendarDays)} days from ${f.date(q.firstDate)} to ${f.date(q.lastDate)}.`,
  );
  sheet.subheading('Checks', 60);
  sheet.bullets(q.checks.map((c) => c.message));
  if (q.gaps.length) {
    sheet.subheading('Gaps of 3 days or more without sales', 80);
    sheet.table(
      [
        { header: 'From', width: 1.5 },
        { header: 'To', width: 1.5 },
        { header: 'Days', width: 0.8, align: 'right' },
        { header: '', width: 3.4 },
      ],
      q.gaps.map((g) => [f.date(g.from), f.date(g.to), f.num(g.days), '']),
    );
  }
  sheet.subheading('How the figures are counted', 60);
  sheet.paragraph(DEFINITIONS, { color: INK.muted, size: 8.6 });
}

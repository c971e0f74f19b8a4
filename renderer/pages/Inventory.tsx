/** #/inventory — stock on hand, cover, alerts, reorders, and the ABC analysis of products. */
import { useState } from 'react';
import type { InventoryDashboard, StockRow } from '../../common/api-dashboards.js';
import { useApi } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { date, dateRange, money, moneyCompact, num, pct } from '../lib/format.js';
import { abcOption } from '../../common/charts/index.js';
import { Chart, chartContext } from '../ui/Chart.js';
import { Badge, Card, DataTable, EmptyState, ErrorBanner, Icon, KpiTile, Skeleton } from '../ui/components.js';

const STATUS: Record<StockRow['status'], { label: string; tone: 'bad' | 'warn' | 'good' | 'info' | 'neutral' }> = {
  out: { label: 'Out of stock', tone: 'bad' },
  low: { label: 'Low', tone: 'warn' },
  ok: { label: 'OK', tone: 'good' },
  slow: { label: 'Slow', tone: 'info' },
  dead: { label: 'Not selling', tone: 'neutral' },
};

export function InventoryPage() {
  const [safetyDays, setSafety] = useState(7);
  const [lead, setLead] = useState(7);
  const res = useApi('inventoryDashboard', { safetyDays, defaultLeadTimeDays: lead });
  const d = res.data;
  return (
    <div className="page" data-page="inventory">
      {res.error && <ErrorBanner message={res.error} onRetry={res.reload} />}
      {!d ? <Skeleton height={300} /> : <InventoryBody d={d} safetyDays={safetyDays} lead={lead} setSafety={setSafety} setLead={setLead} />}
    </div>
  );
}

function InventoryBody({
  d,
  safetyDays,
  lead,
  setSafety,
  setLead,
}: {
  d: InventoryDashboard;
  safetyDays: number;
  lead: number;
  setSafety(n: number): void;
  setLead(n: number): void;
}) {
  const { pickFiles } = useApp();
  const s = d.summary;
  return (
    <>
      {!d.hasStock ? (
        <Card className="span-full">
          <EmptyState
            title="No stock figures yet"
            icon="box"
            action={
              <button type="button" className="btn btn-primary" onClick={pickFiles}>
                <Icon name="upload" size={16} /> Import a stock file
              </button>
            }
          >
            <p>
              Import a stock count (product code and units on hand, with the date you counted) and, if you have them, deliveries received. Tillsight then works
              out stock on hand every day: <em>last count + deliveries − units sold since</em>, how many days it will last, what is running low and what to
              reorder.
            </p>
            <p className="muted">A product list with cost, supplier and lead time makes the reorder suggestions and stock value better.</p>
          </EmptyState>
        </Card>
      ) : (
        <>
          <div className="headline">
            <Icon name="box" size={20} />
            <p>
              Stock as of <strong>{date(d.asOf)}</strong>: {num(s.products)} products, {num(s.unitsOnHand)} units
              {s.stockValue !== null ? (
                <>
                  {' '}
                  worth <strong>{money(s.stockValue)}</strong> at cost
                </>
              ) : null}
              .
            </p>
          </div>
          <div className="kpi-grid kpi-grid-3">
            <KpiTile name="outOfStock" label="Out of stock" value={s.outOfStock} format="number" hint="Products at zero or below" />
            <KpiTile name="lowStock" label="Running low" value={s.lowStock} format="number" hint={`Less than lead time + ${safetyDays} days of cover`} />
            <KpiTile name="slowMovers" label="Slow movers" value={s.slowMovers} format="number" hint={`More than ${d.settings.slowDays} days of cover`} />
            <KpiTile name="deadStock" label="Not selling" value={s.deadStock} format="number" hint={`In stock, no sale in ${d.settings.deadDays} days`} />
            <KpiTile name="turnover" label="Stock turnover" value={s.turnover} format="decimal" hint="Units sold in a year ÷ units on hand" />
            <KpiTile name="medianDaysOfCover" label="Typical days of cover" value={s.medianDaysOfCover} format="number" hint="Median over products that sell" />
          </div>
          <Card
            title="Reorder settings"
            subtitle={`Suggested order = daily rate (last ${d.settings.rateWindowDays} days) × (lead time + safety days + ${d.settings.orderCycleDays}-day order cycle) − stock on hand. Forecasts will replace the daily rate once models exist.`}
            className="span-full settings-card"
          >
            <div className="inline-form">
              <label>
                Safety days{' '}
                <input
                  type="number"
                  min={0}
                  max={90}
                  value={safetyDays}
                  onChange={(e) => setSafety(clamp(e.target.valueAsNumber, 0, 90))}
                  data-setting="safety-days"
                />
              </label>
              <label>
                Lead time when unknown (days){' '}
                <input type="number" min={0} max={120} value={lead} onChange={(e) => setLead(clamp(e.target.valueAsNumber, 0, 120))} data-setting="lead-time" />
              </label>
            </div>
          </Card>
          <DataTable
            title="Suggested reorders"
            subtitle="Products that will run out before a new delivery could arrive"
            className="span-full"
            rows={d.reorders}
            rowKey={(r) => r.productId}
            maxRows={15}
            empty="Nothing to reorder right now."
            columns={stockColumns(true)}
          />
          <DataTable
            title="Stock on hand"
            subtitle="Needing attention first"
            className="span-full"
            rows={d.stock}
            rowKey={(r) => r.productId}
            maxRows={25}
            columns={stockColumns(false)}
          />
        </>
      )}
      <AbcSection d={d} />
    </>
  );
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : lo;
}

function stockColumns(reorder: boolean) {
  return [
    { key: 'name', label: 'Product', render: (r: StockRow) => <span className="cell-wrap cell-strong">{r.name}</span> },
    { key: 'sku', label: 'Code', render: (r: StockRow) => <span className="mono muted">{r.sku ?? ''}</span> },
    {
      key: 'status',
      label: 'Status',
      render: (r: StockRow) => <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].label}</Badge>,
      csv: (r: StockRow) => STATUS[r.status].label,
    },
    { key: 'onHand', label: 'On hand', align: 'right' as const, render: (r: StockRow) => num(r.onHand) },
    { key: 'dailyRate', label: 'Sold / day', align: 'right' as const, render: (r: StockRow) => num(r.dailyRate, 1) },
    { key: 'daysOfCover', label: 'Days of cover', align: 'right' as const, render: (r: StockRow) => (r.daysOfCover === null ? '—' : num(r.daysOfCover)) },
    ...(reorder
      ? [
          { key: 'leadTimeDays', label: 'Lead time', align: 'right' as const, render: (r: StockRow) => `${num(r.leadTimeDays)} d` },
          { key: 'reorderQty', label: 'Order', align: 'right' as const, render: (r: StockRow) => <strong>{num(r.reorderQty)}</strong> },
          {
            key: 'reorderReason',
            label: 'Why',
            render: (r: StockRow) => (
              <span className="cell-wrap muted" data-reorder-source={r.reorderSource}>
                {r.reorderReason}
              </span>
            ),
          },
        ]
      : [{ key: 'lastSaleDate', label: 'Last sale', render: (r: StockRow) => date(r.lastSaleDate) }]),
  ];
}

function AbcSection({ d }: { d: InventoryDashboard }) {
  const a = d.abc;
  if (!a.from) return null;
  const tone = { A: 'accent', B: 'info', C: 'neutral' } as const;
  return (
    <div className="grid-2">
      <Chart
        title="ABC analysis"
        subtitle={`Products ranked by sales, ${dateRange(a.from, a.to!)}: A = the first 80% of sales, B = the next 15%, C = the last 5%`}
        height={260}
        csv={{ header: ['Class', 'Products', 'Net sales', 'Share of sales'], rows: a.classes.map((c) => [c.abcClass, c.products, c.net, c.share]) }}
        option={(pal) => abcOption(a.classes, chartContext(pal))}
        footer={
          <span className="muted">
            {a.classes.map((c) => `${num(c.products)} ${c.abcClass} products make ${pct(c.share, 0)} of sales (${moneyCompact(c.net)})`).join(' · ')}
          </span>
        }
      />
      <DataTable
        title="Your A products"
        subtitle="Never let these run out"
        rows={a.top}
        rowKey={(r) => r.productId}
        maxRows={12}
        columns={[
          { key: 'name', label: 'Product', render: (r) => <span className="cell-wrap">{r.name}</span> },
          { key: 'abcClass', label: 'Class', render: (r) => <Badge tone={tone[r.abcClass]}>{r.abcClass}</Badge> },
          { key: 'net', label: 'Net sales', align: 'right', render: (r) => money(r.net) },
          { key: 'cumulativeShare', label: 'Cumulative', align: 'right', render: (r) => pct(r.cumulativeShare) },
        ]}
      />
    </div>
  );
}

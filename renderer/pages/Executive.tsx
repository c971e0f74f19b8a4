/** #/executive — the headline figures for a period, against the previous period and last year. */
import { useState } from 'react';
import type { ExecutiveDashboard, ForecastBand, PeriodKind } from '../../common/api-dashboards.js';
import type { Kpis } from '../../common/api.js';
import { useApi } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { date, dateRange, money, monthLong, num, pct } from '../lib/format.js';
import { categoryOption, newReturningOption, salesTrendOption, type ChartOption } from '../../common/charts/index.js';
import { Chart, chartContext } from '../ui/Chart.js';
import { Card, DataTable, EmptyState, ErrorBanner, Icon, KpiTile, Skeleton } from '../ui/components.js';
import { useTrendAnomalies } from './models/anomaly-trend.js';

const KINDS: Array<{ kind: PeriodKind; label: string }> = [
  { kind: 'day', label: 'Day' },
  { kind: 'week', label: 'Week' },
  { kind: 'month', label: 'Month' },
  { kind: 'quarter', label: 'Quarter' },
  { kind: 'year', label: 'Year' },
  { kind: 'custom', label: 'Custom' },
];

export function periodTitle(d: ExecutiveDashboard['period']): string {
  switch (d.kind) {
    case 'day':
      return date(d.from);
    case 'week':
      return `Week of ${date(d.from)}`;
    case 'month':
      return monthLong(d.from);
    case 'quarter':
      return `Q${Math.floor((Number(d.from.slice(5, 7)) - 1) / 3) + 1} ${d.from.slice(0, 4)}`;
    case 'year':
      return d.from.slice(0, 4);
    case 'custom':
      return dateRange(d.from, d.to);
  }
}

export function ExecutivePage() {
  const { meta } = useApp();
  const [req, setReq] = useState<{ period: PeriodKind; anchor?: string; from?: string; to?: string }>({ period: 'month' });
  const res = useApi('executiveDashboard', req);
  const d = res.data;
  const band = useForecastBand(d, meta?.lastDate ?? null);

  const choose = (kind: PeriodKind) => {
    if (kind === 'custom') {
      const to = d?.period.to && d.period.complete ? d.period.to : (meta?.lastDate ?? undefined);
      const from = d?.period.from;
      setReq({ period: 'custom', ...(from ? { from } : {}), ...(to ? { to } : {}) });
    } else setReq({ period: kind });
  };

  return (
    <div className="page" data-page="executive">
      <div
        className="period-bar"
        role="group"
        aria-label="Period"
        data-period-kind={d?.period.kind}
        data-period-from={d?.period.from}
        data-period-to={d?.period.to}
      >
        <div className="segmented" role="radiogroup" aria-label="Period length">
          {KINDS.map((k) => (
            <button
              key={k.kind}
              type="button"
              role="radio"
              aria-checked={req.period === k.kind}
              className={req.period === k.kind ? 'on' : ''}
              onClick={() => choose(k.kind)}
              data-period={k.kind}
            >
              {k.label}
            </button>
          ))}
        </div>
        {req.period !== 'custom' ? (
          <div className="stepper">
            <button
              type="button"
              className="btn btn-icon"
              disabled={!d?.nav.prevAnchor}
              onClick={() => d?.nav.prevAnchor && setReq({ period: req.period, anchor: d.nav.prevAnchor })}
              aria-label="Previous period"
              data-action="period-prev"
            >
              <Icon name="chevronLeft" />
            </button>
            <div className="stepper-label" aria-live="polite">
              <strong>{d ? periodTitle(d.period) : '…'}</strong>
              {d && !d.period.complete && <span className="muted"> · to {date(d.kpis.current.to ?? d.period.to)}</span>}
            </div>
            <button
              type="button"
              className="btn btn-icon"
              disabled={!d?.nav.nextAnchor}
              onClick={() => d?.nav.nextAnchor && setReq({ period: req.period, anchor: d.nav.nextAnchor })}
              aria-label="Next period"
              data-action="period-next"
            >
              <Icon name="chevronRight" />
            </button>
          </div>
        ) : (
          <div className="custom-range">
            <label>
              From{' '}
              <input
                type="date"
                value={req.from ?? ''}
                min={meta?.firstDate ?? undefined}
                max={meta?.lastDate ?? undefined}
                onChange={(e) => e.target.value && setReq({ ...req, from: e.target.value })}
                data-custom="from"
              />
            </label>
            <label>
              to{' '}
              <input
                type="date"
                value={req.to ?? ''}
                min={meta?.firstDate ?? undefined}
                max={meta?.lastDate ?? undefined}
                onChange={(e) => e.target.value && setReq({ ...req, to: e.target.value })}
                data-custom="to"
              />
            </label>
          </div>
        )}
        {d && (
          <p className="period-compare muted">
            Compared with {d.previous ? dateRange(d.previous.from, d.previous.to) : 'the period before (no data)'} and{' '}
            {d.lastYear ? dateRange(d.lastYear.from, d.lastYear.to) : 'a year before (no data yet)'}
          </p>
        )}
      </div>

      {res.error && <ErrorBanner message={res.error} onRetry={res.reload} />}
      {!d ? <LoadingGrid /> : <ExecutiveBody d={d} loading={res.loading} band={band} />}
    </div>
  );
}

/**
 * The ForecastBand of the sales trend: the dashboard's own when the core provides one, else the stored shop
 * forecast (the latest good training run) for the days after the last data, on a daily trend that reaches
 * the last data day. Longer buckets (weeks, months) get no band: daily ranges do not add up into weekly ones.
 */
function useForecastBand(d: ExecutiveDashboard | null, lastDate: string | null): ForecastBand | null {
  const wanted = !!d && !d.trend.forecast && d.trend.bucket === 'day' && lastDate !== null && d.period.to >= lastDate;
  const fc = useApi('forecast', { level: 'total' }, wanted);
  if (d?.trend.forecast) return d.trend.forecast;
  const series = fc.data?.series[0];
  if (!wanted || !series || !lastDate) return null;
  const points = series.forecast.filter((p) => p.date > lastDate);
  return points.length ? { model: series.model, points } : null;
}

function LoadingGrid() {
  return (
    <div className="kpi-grid" aria-busy="true">
      {Array.from({ length: 7 }, (_, i) => (
        <Skeleton key={i} height={118} />
      ))}
    </div>
  );
}

function comparisons(d: ExecutiveDashboard, key: keyof Kpis) {
  const prevLabel = d.period.kind === 'custom' ? 'vs period before' : d.period.kind === 'day' ? 'vs day before' : `vs last ${d.period.kind}`;
  // For a year, the period before is the year before: one comparison, not the same one twice.
  if (d.period.kind === 'year')
    return [{ label: 'vs year before', value: d.kpis.previous ? (d.kpis.previous[key] as number | null) : null, missing: 'no data a year before' }];
  return [
    { label: prevLabel, value: d.kpis.previous ? (d.kpis.previous[key] as number | null) : null, missing: 'no earlier data' },
    { label: 'vs last year', value: d.kpis.lastYear ? (d.kpis.lastYear[key] as number | null) : null, missing: 'no data a year before' },
  ];
}

function ExecutiveBody({ d, loading, band }: { d: ExecutiveDashboard; loading: boolean; band: ForecastBand | null }) {
  const { meta } = useApp();
  const k = d.kpis.current;
  const noSales = k.orders === 0 && k.netSales === 0;
  const addAnomalyMarkers = useTrendAnomalies(d);
  const nv = d.newVsReturning;
  return (
    <div className={`page-body ${loading ? 'is-reloading' : ''}`} aria-busy={loading}>
      <div className="kpi-grid kpi-grid-exec">
        <KpiTile name="netSales" label="Net sales" value={k.netSales} accent comparisons={comparisons(d, 'netSales')} />
        <KpiTile name="orders" label="Orders" value={k.orders} format="number" comparisons={comparisons(d, 'orders')} />
        <KpiTile
          name="customers"
          label="Customers"
          value={k.customers}
          format="number"
          comparisons={comparisons(d, 'customers')}
          hint={meta?.hasCustomers ? undefined : 'No customer IDs in your data'}
        />
        <KpiTile name="avgOrderValue" label="Average order" value={k.avgOrderValue} comparisons={comparisons(d, 'avgOrderValue')} />
        <KpiTile name="units" label="Units sold" value={k.units} format="number" comparisons={comparisons(d, 'units')} />
        <KpiTile name="returns" label="Returns" value={k.returns} inverse comparisons={comparisons(d, 'returns')} />
        <KpiTile
          name="nonProductSales"
          label="Shipping, tips & fees"
          value={k.nonProductSales}
          comparisons={comparisons(d, 'nonProductSales')}
          hint={`Not in net sales: shipping ${money(k.nonProduct.shipping)}, tips ${money(k.nonProduct.tips)}, fees ${money(k.nonProduct.fees)}, adjustments ${money(k.nonProduct.adjustments)}`}
        />
        <KpiTile
          name="tax"
          label="Tax collected"
          value={k.tax}
          comparisons={k.tax === null ? [] : comparisons(d, 'tax')}
          hint={k.tax === null ? 'Your sales files have no tax column' : k.totalCollected !== null ? `Total collected ${money(k.totalCollected)}` : undefined}
        />
        <KpiTile
          name="grossMargin"
          label="Gross margin"
          value={k.grossMargin}
          comparisons={k.grossMargin === null ? [] : comparisons(d, 'grossMargin')}
          hint={
            k.grossMargin === null
              ? 'Import a product list with costs to see your margin'
              : k.netSales
                ? `${pct(k.grossMargin / k.netSales)} of net sales`
                : undefined
          }
        />
      </div>

      {noSales ? (
        <Card>
          <EmptyState title="No sales in this period">Pick another period above, or import the sales export that covers it.</EmptyState>
        </Card>
      ) : (
        <>
          <Chart
            title="Sales trend"
            subtitle={`Net sales by ${d.trend.bucket}${d.trend.points.some((p) => p.compareNet !== null) ? ', with the period before for comparison' : ''}${band ? `; the forecast for the next ${band.points.length} days, with its likely (80%) range` : ''}`}
            className="span-full"
            height={300}
            csv={{
              header: [
                'Bucket start',
                'Net sales',
                'Orders',
                'Comparison bucket start',
                'Comparison net sales',
                ...(band ? ['Forecast', 'Forecast low 80%', 'Forecast high 80%', 'Forecast low 95%', 'Forecast high 95%'] : []),
              ],
              rows: [
                ...d.trend.points.map((p) => [p.date, p.net, p.orders, p.compareDate, p.compareNet]),
                ...(band
                  ? band.points
                      .filter((p) => p.date > (d.trend.points.at(-1)?.date ?? ''))
                      .map((p) => [p.date, null, null, null, null, p.mean, p.lo80, p.hi80, p.lo95, p.hi95])
                  : []),
              ],
            }}
            option={(pal) => {
              // The forecast band (when the model serves one) and the anomaly markers go on the shared builder's chart.
              const option = salesTrendOption({ ...d.trend, forecast: band }, chartContext(pal)) as ChartOption & { series: object[] };
              addAnomalyMarkers(option.series, pal);
              return option;
            }}
          />
          <div className="grid-2">
            <Chart
              title="Sales by category"
              subtitle={
                meta?.hasCategories ? `${d.byCategory.length} categor${d.byCategory.length === 1 ? 'y' : 'ies'}, product sales only` : 'Product sales only'
              }
              height={Math.max(200, Math.min(12, d.byCategory.length) * 30 + 40)}
              csv={{ header: ['Category', 'Net sales', 'Units'], rows: d.byCategory.map((c) => [c.name, c.net, c.units]) }}
              empty={
                meta && !meta.hasCategories ? (
                  <EmptyState title="No categories in your data yet" icon="box">
                    Your sales file has no category column. Import a product list with product codes and categories, and sales will be split by category here.
                  </EmptyState>
                ) : d.byCategory.length === 0 ? (
                  <EmptyState title="No product sales in this period" />
                ) : undefined
              }
              option={(pal) => categoryOption(d.byCategory, chartContext(pal))}
            />
            <Chart
              title="New and returning customers"
              subtitle={`${num(nv.newCustomers)} new, ${num(nv.returningCustomers)} returning`}
              height={260}
              csv={{
                header: ['Group', 'Customers', 'Net sales'],
                rows: [
                  ['New customers', nv.newCustomers, nv.newNet],
                  ['Returning customers', nv.returningCustomers, nv.returningNet],
                  ['No customer recorded', null, nv.anonymousNet],
                ],
              }}
              empty={
                nv.newCustomers + nv.returningCustomers === 0 ? (
                  <EmptyState title="No known customers in this period" icon="people">
                    Your sales have no customer IDs, or none bought in this period.
                  </EmptyState>
                ) : undefined
              }
              option={(pal) => newReturningOption(nv, chartContext(pal))}
            />
          </div>
          <DataTable
            title="Top products"
            subtitle="By net sales in the period"
            className="span-full"
            rows={d.topProducts}
            rowKey={(r) => r.productId}
            columns={[
              { key: 'rank', label: '#', align: 'right', render: (r) => d.topProducts.indexOf(r) + 1, csv: (r) => d.topProducts.indexOf(r) + 1, width: '3em' },
              { key: 'name', label: 'Product', render: (r) => <span className="cell-strong">{r.name}</span> },
              { key: 'sku', label: 'Code', render: (r) => <span className="muted mono">{r.sku ?? ''}</span> },
              { key: 'units', label: 'Units', align: 'right', render: (r) => num(r.units) },
              { key: 'net', label: 'Net sales', align: 'right', render: (r) => money(r.net) },
              {
                key: 'share',
                label: 'Share',
                align: 'right',
                render: (r) => (
                  <span className="share">
                    <span className="share-bar" style={{ width: `${(r.share / (d.topProducts[0]?.share || 1)) * 100}%` }} />
                    {pct(r.share)}
                  </span>
                ),
              },
            ]}
            empty="No product sales in this period."
          />
        </>
      )}
    </div>
  );
}

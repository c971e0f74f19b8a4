/** #/operations — the latest day and week against normal, busy hours, movers, baskets, refunds. */
import type { DayFigures, Mover, OperationsDashboard } from '../../common/api-dashboards.js';
import { useApi } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { dateRange, dayLong, dayShort, money, signedPct, weekdayNames } from '../lib/format.js';
import { basketWeeklyOption, hourHeatmapOption, recentDaysOption, type ChartOption } from '../../common/charts/index.js';
import { Chart, chartContext } from '../ui/Chart.js';
import { Card, DataTable, EmptyState, ErrorBanner, Icon, KpiTile, Skeleton } from '../ui/components.js';
import { useRoute } from '../lib/router.js';
import { AnomaliesCard } from './models/AnomaliesCard.js';
import { anomalyMarkerSeries } from './models/anomaly-markers.js';

export function OperationsPage() {
  // #/operations?date=YYYY-MM-DD (an anomaly's link) shows that day instead of the latest.
  const day = useRoute().params.get('date');
  const res = useApi('operationsDashboard', day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? { date: day } : {});
  const d = res.data;
  return (
    <div className="page" data-page="operations">
      {res.error && <ErrorBanner message={res.error} onRetry={res.reload} />}
      {!d ? (
        <div className="kpi-grid" aria-busy="true">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} height={118} />
          ))}
        </div>
      ) : !d.latestDate ? (
        <Card>
          <EmptyState title="No sales yet">Import a sales export from your till to see how each day compares with normal.</EmptyState>
        </Card>
      ) : (
        <OperationsBody d={d} />
      )}
    </div>
  );
}

function normalHint(n: number, what: string) {
  return n ? `Normal = average ${what} of the last ${n} week${n > 1 ? 's' : ''}` : 'Not enough history for a normal yet';
}

function VsNormal({ prefix, actual, normal, weeks, what }: { prefix: string; actual: DayFigures; normal: DayFigures | null; weeks: number; what: string }) {
  const c = (v: number | undefined) => [{ label: 'vs normal', value: v ?? null, missing: 'no normal yet' }];
  return (
    <>
      <KpiTile name={`${prefix}Net`} label="Net sales" value={actual.net} accent comparisons={c(normal?.net)} hint={normalHint(weeks, what)} />
      <KpiTile name={`${prefix}Orders`} label="Orders" value={actual.orders} format="number" comparisons={c(normal?.orders)} />
      <KpiTile name={`${prefix}Units`} label="Units" value={actual.units} format="number" comparisons={c(normal?.units)} />
    </>
  );
}

function OperationsBody({ d }: { d: OperationsDashboard }) {
  const { meta } = useApp();
  const days = weekdayNames('short');
  const dayVsNormal = d.day?.normal && d.day.normal.net ? (d.day.actual.net - d.day.normal.net) / d.day.normal.net : null;
  const unusual = useApi('anomalies', { scope: 'total', ...(d.recent[0] ? { from: d.recent[0].date, to: d.recent.at(-1)!.date } : {}) }).data?.anomalies ?? [];
  return (
    <>
      <div className="headline" data-latest-date={d.latestDate}>
        <Icon name="clock" size={20} />
        <p>
          Latest day in your data: <strong>{dayLong(d.latestDate!)}</strong>
          {dayVsNormal !== null && (
            <>
              {' '}
              — sales were <strong className={dayVsNormal >= 0 ? 'pos' : 'neg'}>{signedPct(dayVsNormal, 0)}</strong> against a normal{' '}
              {days[(new Date(`${d.latestDate}T00:00:00Z`).getUTCDay() + 6) % 7]}.
            </>
          )}
        </p>
      </div>

      <div className="section-label">Latest day · {dayShort(d.day!.date)}</div>
      <div className="kpi-grid kpi-grid-3">
        <VsNormal
          prefix="day"
          actual={d.day!.actual}
          normal={d.day!.normal}
          weeks={d.day!.weeksInNormal}
          what={`${days[(new Date(`${d.latestDate}T00:00:00Z`).getUTCDay() + 6) % 7]}`}
        />
      </div>
      <div className="section-label">Latest 7 days · {dateRange(d.week!.from, d.week!.to)}</div>
      <div className="kpi-grid kpi-grid-3">
        <VsNormal prefix="week" actual={d.week!.actual} normal={d.week!.normal} weeks={d.week!.weeksInNormal} what="7 days" />
      </div>

      <Chart
        title="The last 8 weeks, day by day"
        subtitle="Bars: net sales. Line: normal for that weekday (average of the 8 weeks before)."
        className="span-full"
        height={280}
        csv={{ header: ['Date', 'Net sales', 'Orders', 'Normal net sales'], rows: d.recent.map((r) => [r.date, r.net, r.orders, r.normal]) }}
        option={(pal) => {
          const option = recentDaysOption(d.recent, chartContext(pal)) as ChartOption & { series: object[] };
          const markers = anomalyMarkerSeries(
            unusual,
            d.recent.map((r) => r.date),
            pal,
            (c) => d.recent.find((r) => r.date === c)?.net ?? null,
          );
          if (markers) option.series.push(markers);
          return option;
        }}
      />

      <div className="grid-2">
        <Chart
          title="When you sell"
          subtitle={d.heatmap.from ? `Average net sales by hour and weekday, ${dateRange(d.heatmap.from, d.heatmap.to!)}` : undefined}
          height={300}
          csv={{
            header: ['Weekday', 'Hour', 'Average net sales', 'Average orders'],
            rows: d.heatmap.cells.map((c) => [days[c.weekday], c.hour, c.net, c.orders]),
          }}
          empty={
            !d.heatmap.hasHours ? (
              <EmptyState title="No times of day in your data" icon="clock">
                Your sales file has dates but no times. Import an export with a time column to see your busy hours.
              </EmptyState>
            ) : undefined
          }
          option={(pal) => hourHeatmapOption(d.heatmap, chartContext(pal))}
        />
        <Card title="Baskets" subtitle={`Last ${d.basket.windowDays} days`}>
          <div className="mini-kpis">
            <KpiTile name="basketValue" label="Average basket" value={d.basket.avgValue} />
            <KpiTile name="basketUnits" label="Units per basket" value={d.basket.avgUnits} format="decimal" />
            <KpiTile name="basketLines" label="Lines per basket" value={d.basket.avgLines} format="decimal" />
          </div>
          <MiniBasketChart d={d} />
        </Card>
      </div>

      <div className="grid-2">
        <MoversTable
          title="Best movers"
          subtitle={`Biggest rise in sales, last ${d.movers.windowDays} days vs the ${d.movers.windowDays} before`}
          rows={d.movers.best}
        />
        <MoversTable
          title="Worst movers"
          subtitle={`Biggest fall in sales, last ${d.movers.windowDays} days vs the ${d.movers.windowDays} before`}
          rows={d.movers.worst}
        />
      </div>

      <div className="grid-2">
        <Card title="Refunds and voids" subtitle={`Last ${d.refunds.windowDays} days`}>
          <div className="mini-kpis">
            <KpiTile name="refunds" label="Refunds & cancellations" value={d.refunds.returns} inverse />
            <KpiTile name="returnRate" label="Refund rate" value={d.refunds.returnRate} format="percent" hint="Share of sales before refunds" />
            <KpiTile name="voidedLines" label="Voided lines" value={d.refunds.voidedLines} format="number" hint="Not counted in sales" />
          </div>
          {d.refunds.topReturned.length > 0 ? (
            <ul className="rank-list" aria-label="Most refunded products">
              {d.refunds.topReturned.map((r) => (
                <li key={r.name}>
                  <span className="cell-wrap">{r.name}</span>
                  <span className="mono">{money(r.returns)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No refunds in this window.</p>
          )}
        </Card>
        <AnomaliesCard />
      </div>
      {meta && meta.stores > 1 && <p className="muted small">Figures cover all {meta.stores} stores.</p>}
    </>
  );
}

function MiniBasketChart({ d }: { d: OperationsDashboard }) {
  return (
    <Chart
      title="Average basket by week"
      height={170}
      className="card-flat"
      csv={{ header: ['Week starting', 'Average basket', 'Units per basket'], rows: d.basket.weekly.map((w) => [w.week, w.avgValue, w.avgUnits]) }}
      option={(pal) => basketWeeklyOption(d.basket.weekly, chartContext(pal))}
    />
  );
}

function MoversTable({ title, subtitle, rows }: { title: string; subtitle: string; rows: Mover[] }) {
  return (
    <DataTable
      title={title}
      subtitle={subtitle}
      rows={rows}
      rowKey={(r) => r.productId}
      empty="No product changed much."
      columns={[
        { key: 'name', label: 'Product', render: (r) => <span className="cell-wrap">{r.name}</span> },
        { key: 'previous', label: 'Before', align: 'right', render: (r) => money(r.previous) },
        { key: 'current', label: 'Now', align: 'right', render: (r) => money(r.current) },
        {
          key: 'change',
          label: 'Change',
          align: 'right',
          render: (r) => (
            <span className={r.change >= 0 ? 'pos' : 'neg'}>
              {r.change >= 0 ? '+' : '−'}
              {money(Math.abs(r.change))}
              {r.previous > 0 && <span className="muted small change-pct">{signedPct(r.change / r.previous, 0)}</span>}
            </span>
          ),
        },
      ]}
    />
  );
}

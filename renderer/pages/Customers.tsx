/** #/customers — counts, repeat rate, cohort retention, lifetime value, best customers, segments and who is slipping away. */
import { useState } from 'react';
import type { CustomersDashboard } from '../../common/api-dashboards.js';
import type { SegmentCustomer, SegmentInfo, SegmentsView } from '../../common/api-segments.js';
import { newTaskId, useApi, useTransport } from '../lib/api.js';
import { downloadCsv, slug, type Cell } from '../lib/csv.js';
import { date, money, num, pct } from '../lib/format.js';
import { cohortHeight, cohortOption, newPerMonthOption, valueBandsOption } from '../../common/charts/index.js';
import { axisStyle, baseOption, Chart, chartContext } from '../ui/Chart.js';
import { Badge, Card, DataTable, EmptyState, ErrorBanner, Icon, KpiTile, Skeleton } from '../ui/components.js';

export function CustomersPage() {
  const res = useApi('customersDashboard', {});
  const d = res.data;
  return (
    <div className="page" data-page="customers">
      {res.error && <ErrorBanner message={res.error} onRetry={() => res.reload()} />}
      {!d ? (
        <Skeleton height={300} />
      ) : d.summary.customers === 0 ? (
        <Card>
          <EmptyState title="No customers in your data" icon="people">
            <p>
              Customer figures need a customer ID, email or name on each sale. Most tills can include it in the sales export (look for a “Customer” column).
            </p>
            <p className="muted">Loyalty cards and online orders usually carry one; cash sales usually don’t, and that’s fine.</p>
          </EmptyState>
        </Card>
      ) : (
        <CustomersBody d={d} />
      )}
    </div>
  );
}

function CustomersBody({ d }: { d: CustomersDashboard }) {
  const s = d.summary;
  return (
    <>
      <div className="kpi-grid kpi-grid-3">
        <KpiTile
          name="customerCount"
          label="Customers"
          value={s.customers}
          format="number"
          accent
          hint={`${num(s.activeCustomers)} bought in the last ${s.activeWindowDays} days`}
        />
        <KpiTile
          name="repeatRate"
          label="Repeat rate"
          value={s.repeatRate}
          format="percent"
          hint={`${num(s.repeatCustomers)} customers ordered more than once`}
        />
        <KpiTile name="avgOrdersPerCustomer" label="Orders per customer" value={s.avgOrdersPerCustomer} format="decimal" />
        <KpiTile
          name="avgLifetimeValue"
          label="Lifetime value"
          value={s.avgLifetimeValue}
          hint={`Average spend to date; median ${money(s.medianLifetimeValue)}`}
        />
        <KpiTile name="customerAov" label="Average order" value={s.avgOrderValue} />
        <KpiTile
          name="identifiedShare"
          label="Sales with a customer"
          value={s.identifiedShare}
          format="percent"
          hint="The rest were sold without a customer ID"
        />
      </div>

      <CohortHeatmap d={d} />

      <Segments />

      <div className="grid-2">
        <Chart
          title="New and returning customers by month"
          height={280}
          csv={{ header: ['Month', 'New customers', 'Returning customers'], rows: d.newPerMonth.map((m) => [m.month, m.newCustomers, m.returningCustomers]) }}
          option={(pal) => newPerMonthOption(d.newPerMonth, chartContext(pal))}
        />
        <Chart
          title="Customers by lifetime spend"
          subtitle="How many customers, and how much they have spent in total"
          height={280}
          csv={{ header: ['Lifetime spend', 'Customers', 'Net sales'], rows: d.valueBands.map((b) => [b.band, b.customers, b.net]) }}
          option={(pal) => valueBandsOption(d.valueBands, chartContext(pal))}
        />
      </div>

      <div className="grid-2">
        <DataTable
          title="Best customers"
          subtitle="By spend to date"
          rows={d.topCustomers}
          rowKey={(r) => r.customerId}
          columns={[
            { key: 'name', label: 'Customer', render: (r) => <span className="cell-strong">{r.name}</span> },
            { key: 'country', label: 'Country', render: (r) => r.country ?? '' },
            { key: 'orders', label: 'Orders', align: 'right', render: (r) => num(r.orders) },
            { key: 'net', label: 'Spend', align: 'right', render: (r) => money(r.net) },
            { key: 'lastDate', label: 'Last order', render: (r) => date(r.lastDate) },
          ]}
        />
        <AtRiskTable />
      </div>
    </>
  );
}

function CohortHeatmap({ d }: { d: CustomersDashboard }) {
  const maxLen = Math.max(0, ...d.cohorts.map((c) => c.retention.length));
  const months = Array.from({ length: maxLen }, (_, i) => i);
  return (
    <Chart
      title="Cohort retention"
      subtitle="Each row is the customers who first bought in that month; each cell, the share of them who bought again k months later"
      className="span-full"
      height={cohortHeight(d.cohorts)}
      csv={{
        header: ['Cohort', 'Customers', ...months.map((m) => `Month ${m}`)],
        rows: d.cohorts.map((c) => [c.cohort, c.size, ...months.map((m) => c.retention[m] ?? null)]),
      }}
      empty={d.cohorts.length === 0 ? <EmptyState title="Not enough history for cohorts yet" icon="people" /> : undefined}
      option={(pal) => cohortOption(d.cohorts, chartContext(pal))}
    />
  );
}

// ---- segments (the 'segments' model's serving run) -------------------------------------

/**
 * A cell a spreadsheet will not run: text starting with = + - @ or a tab/CR is
 * prefixed with an apostrophe (OWASP's advice for CSV injection); quoting alone,
 * which toCsv does, does not stop Excel evaluating it. Numbers stay numbers.
 */
export function formulaSafe(v: Cell): Cell {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const EXPORT_HEADER = [
  'Customer',
  'Name',
  'Email',
  'Country',
  'Segment',
  'Orders',
  'Spend to date',
  'Last order',
  'Days since last order',
  'P(still a customer)',
  'Expected orders, next 90 days',
  'Predicted value, next 12 months',
];

function exportRows(rows: SegmentCustomer[]): Cell[][] {
  return rows.map((c) =>
    [
      c.identity,
      c.name,
      c.email,
      c.country,
      c.segmentLabel,
      c.orders,
      Math.round(c.spend * 100) / 100,
      c.lastDate,
      c.recency,
      Math.round(c.pAlive * 1000) / 1000,
      Math.round(c.expectedOrders90 * 100) / 100,
      Math.round(c.clv12 * 100) / 100,
    ].map(formulaSafe),
  );
}

/** Downloads one segment's customers (segment 0: the at-risk list) for a mailing. */
function useSegmentExport() {
  const transport = useTransport();
  const [busy, setBusy] = useState<number | null>(null);
  const run = async (segment: number, name: string) => {
    setBusy(segment);
    try {
      const rows = await transport.call('segmentCustomers', { segment });
      downloadCsv(`customers-${slug(name)}`, EXPORT_HEADER, exportRows(rows));
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}

function TrainButton({ onDone }: { onDone: () => void }) {
  const transport = useTransport();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-sm btn-primary"
        disabled={busy}
        data-action="train-segments"
        onClick={() => {
          setBusy(true);
          setError(null);
          transport.call('train', { kinds: ['segments'], taskId: newTaskId() }).then(
            (result) => {
              setBusy(false);
              // A run that failed (too few customers, say) is a result, not an error: say why.
              const failed = result.runs.find((r) => r.status !== 'ok');
              if (failed) setError(failed.error ?? `the segmentation ${failed.status}`);
              onDone();
            },
            (e: unknown) => {
              setBusy(false);
              setError(e instanceof Error ? e.message : String(e));
            },
          );
        }}
      >
        {busy ? 'Segmenting…' : 'Segment my customers now'}
      </button>
      {error && <p className="muted">{error}</p>}
    </>
  );
}

function Segments() {
  const res = useApi('customerSegments', {});
  const v = res.data;
  if (res.error) return <ErrorBanner message={res.error} onRetry={() => res.reload()} />;
  if (!v) return <Skeleton height={320} />;
  if (v.run && v.note) {
    return (
      <Card title="Segments" subtitle="Recency, frequency and spend (RFM)" className="span-full" id="segments">
        <EmptyState title="Not enough customers to segment yet" icon="people">
          {v.note.charAt(0).toUpperCase() + v.note.slice(1)}. {num(v.walkIn.orders)} orders had no customer on them; they are counted apart.
        </EmptyState>
      </Card>
    );
  }
  if (!v.run) {
    return (
      <Card title="Segments" subtitle="Recency, frequency and spend (RFM)" className="span-full" id="segments">
        <EmptyState title="Your customers have not been segmented yet" icon="sparkle" action={<TrainButton onDone={() => res.reload()} />}>
          Tillsight groups customers by how recently, how often and how much they buy (Champions, Loyal, At risk, Lost…), says what each group is worth and what
          to do about it, and finds the good customers who are slipping away. It runs after each import; it needs at least 20 customers with an id, email or
          name.
        </EmptyState>
      </Card>
    );
  }
  return (
    <div data-segments={v.k} className="segments" style={{ display: 'flex', flexDirection: 'column', gap: 18 }}>
      <SegmentScatter v={v} />
      <SegmentTable v={v} />
    </div>
  );
}

function SegmentScatter({ v }: { v: SegmentsView }) {
  const order = v.segments.map((s) => s.id);
  return (
    <Chart
      title="Segments: how recently and how often"
      subtitle={`${num(v.points.length)} of ${num(v.customers)} customers; each dot is one, coloured by segment (both axes logarithmic)`}
      height={340}
      className="span-full"
      id="segment-scatter"
      csv={{
        header: ['Days since last order', 'Orders', 'Segment'],
        rows: v.points.map(([r, f, s]) => [r, f, v.segments.find((g) => g.id === s)?.label ?? s]),
      }}
      option={(pal) => ({
        ...baseOption(pal),
        grid: { left: 8, right: 24, top: 40, bottom: 28, containLabel: true },
        tooltip: {
          ...(baseOption(pal).tooltip as object),
          trigger: 'item',
          formatter: (p: { seriesName: string; value: [number, number] }) =>
            `${p.seriesName}<br/>${num(p.value[0])} days since the last order · ${num(p.value[1])} orders`,
        },
        xAxis: {
          type: 'log',
          name: 'days since the last order',
          nameLocation: 'middle',
          nameGap: 24,
          min: 1,
          ...axisStyle(pal),
          nameTextStyle: { color: pal.muted },
        },
        yAxis: { type: 'log', name: 'orders', min: 1, ...axisStyle(pal), nameTextStyle: { color: pal.muted } },
        series: order.map((id, i) => ({
          name: v.segments[i].label,
          type: 'scatter',
          symbolSize: 5,
          large: true,
          itemStyle: { color: pal.series[i % pal.series.length], opacity: 0.65 },
          // A customer with no order (refunds only) sits on the bottom line.
          data: v.points.filter((p) => p[2] === id).map(([r, f]) => [Math.max(1, r), Math.max(1, f)]),
        })),
      })}
    />
  );
}

function SegmentTable({ v }: { v: SegmentsView }) {
  const exp = useSegmentExport();
  const share = v.walkIn.shareOfSales;
  return (
    <Card
      title="Segments"
      className="span-full"
      subtitle={`${v.k} groups found in ${num(v.customers)} customers (how distinct: silhouette ${v.silhouette.toFixed(2)})${v.stale ? ' · updating with the latest data' : ''}`}
      id="segments"
      footer={
        <p className="muted" data-walk-in={v.walkIn.orders}>
          {num(v.walkIn.orders)} orders ({money(v.walkIn.net)}
          {share !== null ? `, ${pct(share)} of sales` : ''}) had no customer on them (walk-in sales): they are counted apart, not as a customer. Predicted
          value is the expected spend over the next 12 months (BG/NBD and Gamma-Gamma models); spend is to date.
        </p>
      }
    >
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Segments">
        <table className="table segment-table">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="al-right">
                Customers
              </th>
              <th scope="col" className="al-right">
                Share of sales
              </th>
              <th scope="col" className="al-right">
                Typically
              </th>
              <th scope="col" className="al-right">
                Spend to date
              </th>
              <th scope="col" className="al-right">
                Predicted, 12 months
              </th>
              <th scope="col">
                <span className="sr-only">Export</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {v.segments.map((s: SegmentInfo) => (
              <tr key={s.id} data-segment={s.id} data-segment-label={s.label} data-segment-size={s.size}>
                <td>
                  <span className="cell-strong">{s.label}</span>
                  <div className="muted">{s.action}</div>
                </td>
                <td className="al-right mono">{num(s.size)}</td>
                <td className="al-right mono">{pct(s.revenueShare)}</td>
                <td className="al-right muted">
                  {num(s.medianRecency)} days ago · {num(s.medianFrequency)} orders · {money(s.medianMonetary)}
                </td>
                <td className="al-right mono">{money(s.meanMonetary)}</td>
                <td className="al-right mono">{money(s.meanClv12)}</td>
                <td className="al-right">
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    disabled={exp.busy !== null}
                    onClick={() => void exp.run(s.id, s.label)}
                    aria-label={`Download the ${s.label} customers as CSV`}
                    data-segment-csv={s.id}
                  >
                    <Icon name="download" size={14} /> CSV
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Per customer: spend to date {money(v.value.historical / Math.max(1, v.customers))}, predicted over the next 12 months{' '}
        {money(v.value.predicted12 / Math.max(1, v.customers))} (all customers: {money(v.value.historical)} to date, {money(v.value.predicted12)} predicted).
      </p>
    </Card>
  );
}

function AtRiskTable() {
  const res = useApi('customerSegments', {});
  const exp = useSegmentExport();
  const v = res.data;
  if (!v?.run || v.note) {
    return (
      <Card title="At risk and worth keeping" subtitle="Good customers who are slipping away">
        <EmptyState title="Appears once your customers are segmented" icon="people" />
      </Card>
    );
  }
  return (
    <DataTable
      title="At risk and worth keeping"
      subtitle={`${num(v.atRiskTotal.customers)} customers who spent ${money(v.atRiskTotal.minSpend)} or more, came back before, and have gone quiet for longer than their habit: ${money(v.atRiskTotal.valueAtStake)} a year if you keep them`}
      className="at-risk"
      rows={v.atRisk}
      maxRows={15}
      rowKey={(r) => r.customerId}
      csvName="at-risk-customers"
      empty="No valuable customer shows signs of leaving."
      actions={
        v.atRiskTotal.customers > v.atRisk.length ? (
          <button type="button" className="btn btn-ghost btn-sm" disabled={exp.busy !== null} onClick={() => void exp.run(0, 'at risk')} data-segment-csv="0">
            <Icon name="download" size={14} /> All {num(v.atRiskTotal.customers)}
          </button>
        ) : undefined
      }
      columns={[
        { key: 'name', label: 'Customer', render: (r) => <span className="cell-strong">{r.name}</span>, csv: (r) => formulaSafe(r.name) },
        { key: 'spend', label: 'Spent', align: 'right', render: (r) => money(r.spend) },
        { key: 'lastDate', label: 'Last order', render: (r) => date(r.lastDate) },
        { key: 'usualGapDays', label: 'Usually every', align: 'right', render: (r) => (r.usualGapDays === null ? '—' : `${num(r.usualGapDays)} d`) },
        {
          key: 'pAlive',
          label: 'Still active',
          align: 'right',
          render: (r) => <span title="The model's probability that they are still a customer">{pct(r.pAlive, 0)}</span>,
        },
        { key: 'valueAtStake', label: 'Worth a year', align: 'right', render: (r) => money(r.valueAtStake) },
        { key: 'segmentLabel', label: 'Segment', render: (r) => <Badge tone="warn">{r.segmentLabel}</Badge>, csv: (r) => formulaSafe(r.segmentLabel) },
      ]}
    />
  );
}

/** #/customers — counts, repeat rate, cohort retention, lifetime value, best customers. */
import type { CustomersDashboard } from '../../common/api-dashboards.js';
import { useApi } from '../lib/api.js';
import { date, money, num } from '../lib/format.js';
import { cohortHeight, cohortOption, newPerMonthOption, valueBandsOption } from '../../common/charts/index.js';
import { Chart, chartContext } from '../ui/Chart.js';
import { Card, DataTable, EmptyState, ErrorBanner, KpiTile, Skeleton } from '../ui/components.js';

export function CustomersPage() {
  const res = useApi('customersDashboard', {});
  const d = res.data;
  return (
    <div className="page" data-page="customers">
      {res.error && <ErrorBanner message={res.error} onRetry={res.reload} />}
      {!d ? (
        <Skeleton height={300} />
      ) : d.summary.customers === 0 ? (
        <Card>
          <EmptyState title="No customers in your data" icon="people">
            <p>Customer figures need a customer ID, email or name on each sale. Most tills can include it in the sales export (look for a “Customer” column).</p>
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
        <KpiTile name="customerCount" label="Customers" value={s.customers} format="number" accent hint={`${num(s.activeCustomers)} bought in the last ${s.activeWindowDays} days`} />
        <KpiTile name="repeatRate" label="Repeat rate" value={s.repeatRate} format="percent" hint={`${num(s.repeatCustomers)} customers ordered more than once`} />
        <KpiTile name="avgOrdersPerCustomer" label="Orders per customer" value={s.avgOrdersPerCustomer} format="decimal" />
        <KpiTile name="avgLifetimeValue" label="Lifetime value" value={s.avgLifetimeValue} hint={`Average spend to date; median ${money(s.medianLifetimeValue)}`} />
        <KpiTile name="customerAov" label="Average order" value={s.avgOrderValue} />
        <KpiTile name="identifiedShare" label="Sales with a customer" value={s.identifiedShare} format="percent" hint="The rest were sold without a customer ID" />
      </div>

      <CohortHeatmap d={d} />

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
        <Card title="Segments" subtitle="Recency, frequency and spend (RFM)">
          {d.segments === null ? (
            <EmptyState title="Coming with the segmentation model" icon="sparkle">
              Customers will be grouped by how recently, how often and how much they buy — Champions, Loyal, At risk, Lost… — with what each group is worth and what to do
              about it.
            </EmptyState>
          ) : (
            <ul className="rank-list">
              {d.segments.map((sg) => (
                <li key={sg.name}>
                  <span>
                    <strong>{sg.name}</strong> — {sg.advice}
                  </span>
                  <span className="mono">
                    {num(sg.customers)} · {money(sg.net)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
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
      csv={{ header: ['Cohort', 'Customers', ...months.map((m) => `Month ${m}`)], rows: d.cohorts.map((c) => [c.cohort, c.size, ...months.map((m) => c.retention[m] ?? null)]) }}
      empty={d.cohorts.length === 0 ? <EmptyState title="Not enough history for cohorts yet" icon="people" /> : undefined}
      option={(pal) => cohortOption(d.cohorts, chartContext(pal))}
    />
  );
}

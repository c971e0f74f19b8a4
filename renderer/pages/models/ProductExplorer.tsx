/** Search a product, see its recent sales, its forecast with ranges, how accurate that has been, and its reorder point. */
import { useEffect, useMemo, useState } from 'react';
import type { ForecastProductView } from '../../../common/api-forecast.js';
import { useApi } from '../../lib/api.js';
import { num, pct } from '../../lib/format.js';
import { Chart } from '../../ui/Chart.js';
import { Card, EmptyState, ErrorBanner } from '../../ui/components.js';
import { forecastCsv, forecastOption, type ForecastChartData } from './forecastChart.js';
import { modelName } from './words.js';

function productChart(v: ForecastProductView): ForecastChartData {
  const fc = v.series?.forecast ?? [];
  const dates = [...v.history.map((h) => h.date), ...fc.map((p) => p.date)];
  const nh = v.history.length;
  const pad = (xs: number[], before: number, after: number) => [...new Array<null>(before).fill(null), ...xs, ...new Array<null>(after).fill(null)];
  return {
    dates,
    actual: pad(
      v.history.map((h) => h.value),
      0,
      fc.length,
    ),
    mean: pad(
      fc.map((p) => p.mean),
      nh,
      0,
    ),
    lo80: pad(
      fc.map((p) => p.lo80),
      nh,
      0,
    ),
    hi80: pad(
      fc.map((p) => p.hi80),
      nh,
      0,
    ),
    lo95: pad(
      fc.map((p) => p.lo95),
      nh,
      0,
    ),
    hi95: pad(
      fc.map((p) => p.hi95),
      nh,
      0,
    ),
  };
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function ProductExplorer() {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 250);
  const list = useApi('forecastProducts', query ? { search: query, limit: 30 } : { limit: 30 });
  const [picked, setPicked] = useState<string | null>(null);
  const rows = list.data ?? [];
  const key = picked && rows.some((r) => r.key === picked) ? picked : (rows[0]?.key ?? null);
  const product = useApi('forecastProduct', { key: key ?? '-' }, key !== null);
  const v = key !== null && product.data?.product?.key === key ? product.data : null;
  const data = useMemo(() => (v ? productChart(v) : null), [v]);
  const best = v ? Object.entries(v.accuracy).sort((a, b) => (a[1].wape ?? Infinity) - (b[1].wape ?? Infinity)) : [];
  const served = v?.series ? v.accuracy[v.series.model] : undefined;
  const naive = v?.accuracy['seasonal-naive'];
  return (
    <div className="grid-2 span-full" data-section="product-explorer">
      <Card title="Product forecasts" subtitle="Search by name or code; the products that sell most come first">
        <input
          type="search"
          className="search"
          placeholder="Search products…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-label="Search products"
          data-control="product-search"
          style={{
            width: '100%',
            padding: '8px 10px',
            borderRadius: 8,
            border: '1px solid var(--border-strong)',
            background: 'var(--surface)',
            color: 'var(--text)',
            font: 'inherit',
            marginBottom: 10,
          }}
        />
        {list.error && <ErrorBanner message={list.error} onRetry={() => list.reload()} />}
        {rows.length === 0 && !list.loading ? (
          <EmptyState title={query ? `No product matches “${query}”` : 'No product forecasts yet'} icon="box" />
        ) : (
          <div className="table-wrap" role="region" aria-label="Products with a forecast" tabIndex={0} style={{ maxHeight: 360, overflowY: 'auto' }}>
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col" className="al-right">
                    Expected units
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr
                    key={r.key}
                    aria-selected={r.key === key}
                    className={r.key === key ? 'row-selected' : undefined}
                    style={r.key === key ? { background: 'var(--surface-2)' } : undefined}
                  >
                    <td>
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        onClick={() => setPicked(r.key)}
                        data-product={r.key}
                        style={{ textAlign: 'left' }}
                      >
                        <span className="cell-strong">{r.name}</span> {r.sku && <span className="muted mono">{r.sku}</span>}
                      </button>
                    </td>
                    <td className="al-right">
                      {num(r.expectedUnits)} <span className="muted small">in {r.horizon} days</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {v && data ? (
        <Chart
          title={v.product ? v.product.name : 'Product'}
          subtitle={
            <span data-product-summary>
              {v.product ? `${num(v.product.expectedUnits)} units expected in the next ${v.product.horizon} days` : ''}
              {v.series ? ` · ${modelName(v.series.model)}` : ''}
              {served?.wape !== null && served?.wape !== undefined ? ` · typically off by ${pct(served.wape, 0)}` : ''}
              {naive?.wape !== null && naive?.wape !== undefined && v.series?.model !== 'seasonal-naive' ? ` (repeating last week: ${pct(naive.wape, 0)})` : ''}
            </span>
          }
          id="product-forecast"
          height={300}
          csv={() => forecastCsv(data)}
          option={(pal) =>
            forecastOption(
              pal,
              data,
              (x) => `${num(x, x < 10 ? 1 : 0)} units`,
              (x) => num(x),
            )
          }
          footer={
            <div className="small" data-reorder>
              {v.reorder ? (
                <p>
                  <strong>Reorder point {num(v.reorder.reorderPoint)}</strong> ({v.reorder.reason}).{' '}
                  {v.reorder.suggestedQty > 0 ? <strong>Order about {num(v.reorder.suggestedQty)} now.</strong> : 'No need to order yet.'}{' '}
                  <span className="muted">
                    Demand over the lead time {num(v.reorder.demandOverLeadTime, 1)} + safety stock {num(v.reorder.safetyStock, 1)} for a{' '}
                    {pct(v.reorder.serviceLevel, 0)} chance of not running out.
                  </span>
                </p>
              ) : (
                <p className="muted">
                  No reorder point: Tillsight needs this product’s stock on hand (a stock count) and its supplier’s lead time (a product list) to work one out.
                </p>
              )}
              {best.length > 0 && (
                <p className="muted">
                  Backtest by model:{' '}
                  {best
                    .slice(0, 4)
                    .map(([m, a]) => `${modelName(m)} ${a.wape === null ? '—' : `off by ${pct(a.wape, 0)}`}`)
                    .join(' · ')}
                </p>
              )}
            </div>
          }
        />
      ) : (
        <Card title="Product forecast">
          {product.error ? (
            <ErrorBanner message={product.error} onRetry={() => product.reload()} />
          ) : (
            <EmptyState title={key ? 'Loading the forecast…' : 'Pick a product'} icon="box" />
          )}
        </Card>
      )}
    </div>
  );
}

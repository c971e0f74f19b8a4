/**
 * The segments model's quality, for the Forecasts page: how many segments and
 * how distinct they are (silhouette, elbow), and how well the purchase model
 * (BG/NBD) predicted held-out months against the naive "same rate as before".
 */
import type { SegmentsQuality as Quality } from '../../../common/api-segments.js';
import { useApi } from '../../lib/api.js';
import { date, num, pct } from '../../lib/format.js';
import { Card, EmptyState, ErrorBanner, Skeleton } from '../../ui/components.js';

/** Rousseeuw's reading of a mean silhouette. */
function silhouetteWords(s: number): string {
  if (s > 0.7) return 'strong structure';
  if (s > 0.5) return 'reasonable structure';
  if (s > 0.25) return 'weak structure: the groups overlap';
  return 'no real structure';
}

const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

export function SegmentsQuality() {
  const res = useApi('segmentsQuality', {});
  const q = res.data;
  if (res.error) return <ErrorBanner message={res.error} onRetry={() => res.reload()} />;
  if (!q) return <Skeleton height={240} />;
  if (q.run && q.note) {
    return (
      <Card title="Customer segments and value" className="segments-quality">
        <EmptyState title="Not enough customers yet" icon="people">
          {q.note}
        </EmptyState>
      </Card>
    );
  }
  if (!q.run) {
    return (
      <Card title="Customer segments and value" className="segments-quality">
        <EmptyState title="Not trained yet" icon="people">
          The segments model runs after each import of sales with customers on them.
        </EmptyState>
      </Card>
    );
  }
  return (
    <Card
      title="Customer segments and value"
      subtitle={`Run ${q.run.runId}${q.run.finishedAt ? ` · ${date(q.run.finishedAt.slice(0, 10))}` : ''}${q.durationMs !== null ? ` · ${(q.durationMs / 1000).toFixed(1)} s` : ''} · data to ${date(q.run.dataTo)}`}
      className="segments-quality"
      id="segments-quality"
    >
      <ul className="rank-list" data-k={q.k} data-silhouette={q.silhouette}>
        <li>
          <strong>Segments</strong>
          <span>
            {q.k} for {num(q.customers)} customers (k chosen from 3–8 by the silhouette; the elbow of the within-segment error is at {q.elbowK})
          </span>
        </li>
        <li>
          <strong>Silhouette</strong>
          <span>
            {f2(q.silhouette)}: {silhouetteWords(q.silhouette)} (on {num(q.silhouetteSample)} customers)
          </span>
        </li>
        {q.bgnbd && (
          <li>
            <strong>Purchase model (BG/NBD)</strong>
            <span>
              r {f3(q.bgnbd.r)}, α {f3(q.bgnbd.alpha)}, a {f3(q.bgnbd.a)}, b {f3(q.bgnbd.b)} (weeks)
            </span>
          </li>
        )}
        <li>
          <strong>Spend model (Gamma-Gamma)</strong>
          <span>
            {q.gammaGamma
              ? `p ${f2(q.gammaGamma.p)}, q ${f2(q.gammaGamma.q)}, γ ${f2(q.gammaGamma.gamma)}`
              : 'not fitted (too few repeat buyers): each customer\u2019s own average order'}
            {q.spendFrequencyCorrelation !== null && ` · spend and frequency correlate at ${f2(q.spendFrequencyCorrelation)} (the model assumes little)`}
          </span>
        </li>
      </ul>
      {q.validation ? <Validation v={q.validation} /> : <p className="muted">Too little history to hold months out for a check.</p>}
    </Card>
  );
}

function Validation({ v }: { v: NonNullable<Quality['validation']> }) {
  const rows = [
    { name: 'BG/NBD', e: v.model },
    { name: 'Same rate as before', e: v.naive },
  ];
  return (
    <>
      <p className="cell-strong">
        Checked on held-out days: fitted to {date(v.cutoff)}, predicting each of {num(v.customers)} customers’ purchases over the next {v.holdoutDays} days
        (actual {num(v.actualTotal)})
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Purchase model check">
        <table className="table" data-validation="bgnbd">
          <thead>
            <tr>
              <th scope="col">Prediction</th>
              <th scope="col" className="al-right">
                Total
              </th>
              <th scope="col" className="al-right">
                Off in total
              </th>
              <th scope="col" className="al-right">
                Mean error per customer
              </th>
              <th scope="col" className="al-right">
                Correlation per customer
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <td className="cell-strong">{r.name}</td>
                <td className="al-right mono">{num(r.e.total)}</td>
                <td className="al-right mono">{pct(r.e.aggregateError)}</td>
                <td className="al-right mono">{f2(r.e.mae)}</td>
                <td className="al-right mono">{f2(r.e.correlation)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        By earlier repeat purchases (actual / BG/NBD / same rate):{' '}
        {v.byRepeatPurchases.map((b) => `${b.bucket}: ${num(b.actual)} / ${num(b.model)} / ${num(b.naive)}`).join(' · ')}. A negative total means fewer
        purchases were predicted than happened (busy seasons in the held-out days do that).
      </p>
    </>
  );
}

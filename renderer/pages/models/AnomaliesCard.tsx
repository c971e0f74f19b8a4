/**
 * The Day to day page's "Anomalies" card: what the anomaly model flagged,
 * newest first, each with its sentence, a link to the day, and the owner's
 * answer (explained: it no longer counts; an error: left out of forecasts).
 */
import { useState } from 'react';
import type { AnomalyItem, AnomalyVerdict } from '../../../common/api-anomalies.js';
import { useApi, useTransport } from '../../lib/api.js';
import { Badge, Card, EmptyState, ErrorBanner } from '../../ui/components.js';

const SCOPE_LABEL = (scope: string) => (scope === 'total' ? 'Whole day' : scope === 'refunds' ? 'Refunds' : scope === 'line' ? 'Till line' : 'Product');

export function AnomaliesCard({ limit = 12 }: { limit?: number }) {
  const res = useApi('anomalies', { includeExplained: true });
  const transport = useTransport();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = res.data;
  const rows = list ? [...list.anomalies].sort((a, b) => b.date.localeCompare(a.date) || b.score - a.score).slice(0, limit) : [];
  const key = (a: AnomalyItem) => `${a.date}|${a.scope}|${a.subject}`;
  const act = async (a: AnomalyItem, verdict: AnomalyVerdict | null) => {
    setBusy(key(a));
    setError(null);
    try {
      if (verdict) await transport.call('markAnomaly', { date: a.date, scope: a.scope, subject: a.subject, verdict });
      else await transport.call('unmarkAnomaly', { date: a.date, scope: a.scope, subject: a.subject });
      res.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title="Anomalies" subtitle="Days, products, refunds and till lines far from their usual pattern, newest first">
      {error && <ErrorBanner message={error} />}
      {!list ? (
        <p className="muted">Loading…</p>
      ) : !list.run ? (
        <EmptyState title="Not checked yet" icon="sparkle">
          Unusual days are found when the models train (after each import). A sales spike, a run of refunds or a price typed wrong at the till will show here,
          judged against what the weekday and season predict.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="Nothing unusual" icon="check" />
      ) : (
        <ul className="rank-list anomaly-list" aria-label="Anomalies" data-anomalies={rows.length}>
          {rows.map((a) => (
            <li
              key={key(a)}
              data-anomaly-date={a.date}
              data-anomaly-scope={a.scope}
              data-mark={a.mark?.verdict ?? ''}
              className={a.mark?.verdict === 'explained' ? 'muted' : undefined}
            >
              <span className="cell-wrap">
                <Badge tone={a.direction === 'spike' ? 'info' : 'warn'}>{SCOPE_LABEL(a.scope)}</Badge>{' '}
                <a href={`#/operations?date=${a.date}`} data-action="anomaly-day">
                  {a.explanation}
                </a>
                {a.mark && (
                  <span className="small">
                    {' '}
                    — {a.mark.verdict === 'explained' ? 'explained' : 'marked as an error'}
                    {a.mark.note ? `: ${a.mark.note}` : ''}
                  </span>
                )}
              </span>
              <span className="anomaly-actions">
                {a.mark ? (
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost"
                    disabled={busy === key(a)}
                    onClick={() => void act(a, null)}
                    data-action="anomaly-unmark"
                  >
                    Undo
                  </button>
                ) : (
                  <>
                    <button
                      type="button"
                      className="btn btn-sm"
                      disabled={busy === key(a)}
                      onClick={() => void act(a, 'explained')}
                      data-action="anomaly-explained"
                      title="A promotion, an event: it no longer counts as unusual"
                    >
                      Explained
                    </button>
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      disabled={busy === key(a)}
                      onClick={() => void act(a, 'error')}
                      data-action="anomaly-error"
                      title="A mistake in the data: left out when forecasting"
                    >
                      Error
                    </button>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

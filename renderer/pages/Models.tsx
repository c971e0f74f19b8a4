/**
 * #/models — Forecasts & models: the shop's forecast with its ranges and backtest, accuracy per level and model
 * in plain words, a product forecast explorer, the training runs, and Retrain with its progress. Everything
 * shown is read from the latest good training run; nothing is computed per view.
 */
import type { ProgressEvent } from '../../common/api.js';
import { useApi } from '../lib/api.js';
import { date, num } from '../lib/format.js';
import { Card, EmptyState, ErrorBanner, Icon, ProgressBar, Skeleton } from '../ui/components.js';
import { AccuracyTable } from './models/AccuracyTable.js';
import { AnomalyTimeline } from './models/AnomalyTimeline.js';
import { SegmentsQuality } from './models/SegmentsQuality.js';
import { ProductExplorer } from './models/ProductExplorer.js';
import { ShopForecast } from './models/ShopForecast.js';
import { TrainingRuns } from './models/TrainingRuns.js';
import { useTraining, type Training } from './models/useTraining.js';

function progressLabel(p: ProgressEvent | null): string {
  if (!p) return 'Starting the training…';
  return p.message ? `${p.phase} — ${p.message}` : p.phase;
}

function TrainingBar({ t }: { t: Training }) {
  if (!t.running) return null;
  return (
    <div data-training="running" aria-live="polite">
      <ProgressBar done={t.progress?.done ?? 0} total={t.progress?.total ?? null} label={progressLabel(t.progress)} />
    </div>
  );
}

function RetrainButton({ t, primary = false }: { t: Training; primary?: boolean }) {
  return (
    <button type="button" className={`btn ${primary ? 'btn-primary' : ''} btn-sm`} onClick={t.retrain} disabled={t.running} data-action="retrain">
      <Icon name="sparkle" size={14} /> {t.running ? 'Training…' : 'Retrain'}
    </button>
  );
}

export function ModelsPage() {
  const t = useTraining();
  const view = useApi('forecast', { level: 'total' });
  const backtest = useApi('forecastBacktest', { level: 'total' });
  const runs = useApi('forecastRuns', { limit: 20 });
  const allRuns = useApi('modelRuns', { limit: 40 });
  const v = view.data;
  const serving = runs.data?.find((r) => r.serving);
  const error = view.error ?? runs.error ?? allRuns.error;

  return (
    <div className="page" data-page="models">
      <Card
        className="span-full"
        title="Forecasts"
        subtitle={
          v?.runId
            ? `Trained on this computer on your sales ${v.trainedFrom && v.trainedTo ? `from ${date(v.trainedFrom)} to ${date(v.trainedTo)}` : ''}${serving?.durationMs ? `, in ${num(serving.durationMs / 1000, 1)} s` : ''}. Nothing leaves this computer.`
            : 'Tillsight learns your shop’s weekly rhythm and trend from your own sales, on this computer.'
        }
        actions={<RetrainButton t={t} />}
      >
        <TrainingBar t={t} />
        {t.error && <ErrorBanner message={`Training failed: ${t.error}`} onRetry={t.retrain} />}
        {!t.running && t.status.data && t.status.data.stale.includes('forecast') && v?.runId && (
          <p className="small muted" data-stale>
            The data changed since this forecast was trained; it retrains by itself shortly, or press Retrain.
          </p>
        )}
      </Card>

      {error && <ErrorBanner message={error} onRetry={() => (view.reload(), runs.reload(), allRuns.reload())} />}

      {!v ? (
        <Skeleton height={320} />
      ) : v.runId === null ? (
        <Card className="span-full">
          {t.running ? (
            <EmptyState title="Training the first forecast…" icon="sparkle">
              <p>
                Tillsight is learning from your sales history: a minute or two on a year of sales. The forecast appears here when it is done, and on the
                Overview’s sales trend.
              </p>
            </EmptyState>
          ) : (
            <EmptyState title="No forecast yet" icon="sparkle" action={<RetrainButton t={t} primary />}>
              <p>
                Import your sales (a few months at least), then train: Tillsight forecasts the next weeks for the shop and each product, and tests itself on
                your history first.
              </p>
            </EmptyState>
          )}
        </Card>
      ) : (
        <>
          <ShopForecast view={v} backtest={backtest.data} />
          <AccuracyTable run={serving} />
          <ProductExplorer />
        </>
      )}

      <SegmentsQuality />
      <AnomalyTimeline />

      {allRuns.data && allRuns.data.length > 0 && <TrainingRuns runs={allRuns.data} forecastRuns={runs.data ?? []} />}
    </div>
  );
}

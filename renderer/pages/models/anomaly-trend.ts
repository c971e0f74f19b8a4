/**
 * The Overview sales trend's markers: the shop-level anomalies of the period,
 * placed on the bucket (day, week or month) they fall in.
 */
import type { ExecutiveDashboard } from '../../../common/api-dashboards.js';
import { useApi } from '../../lib/api.js';
import type { Palette } from '../../lib/theme.js';
import { anomalyMarkerSeries } from './anomaly-markers.js';

function bucketStart(bucket: 'day' | 'week' | 'month', date: string): string {
  if (bucket === 'day') return date;
  if (bucket === 'month') return `${date.slice(0, 7)}-01`;
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7)); // back to Monday
  return t.toISOString().slice(0, 10);
}

/** A function that adds the markers series to the trend chart's series (nothing when there are none). */
export function useTrendAnomalies(d: ExecutiveDashboard): (series: object[], pal: Palette) => void {
  const res = useApi('anomalies', { scope: 'total', from: d.period.from, to: d.period.to });
  const anomalies = res.data?.anomalies ?? [];
  return (series, pal) => {
    const cats = d.trend.points.map((p) => p.date);
    const s = anomalyMarkerSeries(
      anomalies,
      cats,
      pal,
      (c) => d.trend.points.find((p) => p.date === c)?.net ?? null,
      (date) => bucketStart(d.trend.bucket, date),
    );
    if (s) series.push(s);
  };
}

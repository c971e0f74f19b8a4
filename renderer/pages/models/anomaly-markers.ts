/**
 * Markers for unusual days on a chart whose x axis is dates (categories): one
 * ECharts series carrying a markPoint per anomaly, so a page adds them with one
 * `series.push(...)` whatever else it draws (bars, a forecast band).
 */
import type { AnomalyItem } from '../../../common/api-anomalies.js';
import type { Palette } from '../../lib/theme.js';

/**
 * `categories` are the chart's x values; `bucketOf` maps an anomaly's date to
 * its category (a week's or month's first day on a weekly or monthly chart);
 * `valueAt` is the y of that category (the marker sits on the bar or line).
 */
export function anomalyMarkerSeries(
  anomalies: AnomalyItem[],
  categories: string[],
  pal: Palette,
  valueAt: (category: string) => number | null,
  bucketOf: (date: string) => string = (d) => d,
): object | null {
  const known = new Set(categories);
  const seen = new Set<string>();
  const data: object[] = [];
  for (const a of anomalies) {
    const c = bucketOf(a.date);
    if (!known.has(c) || seen.has(c)) continue;
    seen.add(c);
    const y = valueAt(c);
    if (y === null) continue;
    data.push({
      name: a.explanation,
      coord: [c, y],
      value: a.direction === 'spike' ? '▲' : '▼',
      itemStyle: { color: a.direction === 'spike' ? pal.series[1] : pal.negative },
    });
  }
  if (!data.length) return null;
  return {
    name: 'Unusual days',
    type: 'line',
    data: [],
    silent: false,
    markPoint: {
      // No entrance animation: a page left while it ran would dispose the chart under it.
      animation: false,
      symbol: 'pin',
      symbolSize: 34,
      label: { color: '#fff', fontSize: 10 },
      tooltip: { show: true, formatter: (p: { name: string }) => p.name },
      data,
    },
  };
}

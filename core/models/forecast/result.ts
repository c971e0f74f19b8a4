/**
 * The forecast of one level in the API's shape (issue 10's JSON contract),
 * from a training's outputs held in memory (`tillsight forecast --until`).
 */
import type { ForecastLevel, ForecastResult, ForecastSeries, ModelAccuracy } from '../../../common/api-forecast.js';
import { addDaysYmd, ymdToIso } from './days.js';
import type { ForecastOutputs } from './types.js';

export function resultFromOutputs(
  out: ForecastOutputs,
  input: { level: ForecastLevel; horizon: number; top: number; key?: string | undefined },
): ForecastResult {
  const h = Math.min(input.horizon, out.horizon);
  const dates = Array.from({ length: h }, (_, k) => ymdToIso(addDaysYmd(out.end, k + 1)));
  const level = out.series.filter((s) => s.level === input.level);
  const chosen = input.key !== undefined ? level.filter((s) => s.key === input.key) : level.slice(0, input.top);
  const series: ForecastSeries[] = chosen.map((s) => ({
    key: s.key,
    sku: s.sku,
    name: s.name,
    model: s.model,
    forecast: dates.map((date, k) => ({
      date,
      mean: s.forecast.mean[k],
      lo80: s.forecast.lo80[k],
      hi80: s.forecast.hi80[k],
      lo95: s.forecast.lo95[k],
      hi95: s.forecast.hi95[k],
    })),
  }));
  const byModel: Record<string, ModelAccuracy> = {};
  let served: ModelAccuracy | undefined;
  for (const m of out.metrics) {
    if (m.level !== input.level || m.key !== null) continue;
    const a = { mase: m.mase, wape: m.wape, coverage80: m.coverage80, coverage95: m.coverage95, series: m.series };
    if (m.model === 'served') served = a;
    else byModel[m.model] = a;
  }
  return {
    level: input.level,
    model: series[0]?.model ?? '',
    series,
    backtest: {
      origins: out.origins[input.level]?.length ?? 0,
      horizon: out.horizon,
      mase: served?.mase ?? null,
      wape: served?.wape ?? null,
      coverage80: served?.coverage80 ?? null,
      coverage95: served?.coverage95 ?? null,
      byModel,
    },
  };
}

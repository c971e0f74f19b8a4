/**
 * The forecast model kind as the runtime trains it: read (data/forecast.ts),
 * train (forecast/train.ts, pure), write (store/forecast.ts).
 */
import { readForecastData } from '../data/forecast.js';
import { trainForecast } from '../forecast/train.js';
import type { ForecastData, ForecastOutputs } from '../forecast/types.js';
import { defineModel, type Trained } from '../runtime.js';
import { writeForecast } from './forecast.js';

const EMPTY_OUTPUTS = (data: ForecastData | null): ForecastOutputs => ({
  start: data?.start ?? 0,
  end: data?.end ?? 0,
  horizon: 0,
  origins: {},
  series: [],
  metrics: [],
  backtest: [],
  reorders: [],
  summary: null,
  country: data?.country ?? 'GB',
  currency: data?.currency ?? null,
  expected: null,
});

export const forecastModel = defineModel<ForecastData | null, ForecastOutputs>({
  kind: 'forecast',
  title: 'Forecasting sales',
  read: (db) => readForecastData(db),
  async train(data, ctx): Promise<Trained<ForecastOutputs>> {
    if (!data) return { outputs: EMPTY_OUTPUTS(null), metrics: { note: 'no sales to forecast' }, params: {} };
    return trainForecast(data, ctx);
  },
  write: (db, runId, outputs) => {
    if (outputs.horizon > 0) writeForecast(db, runId, outputs);
  },
  dataRange: (data) => ({ from: data?.start ?? null, to: data?.end ?? null }),
});

import type { z } from 'zod';
import type { forecastInputs, ForecastOutputs } from '../../common/api-forecast.js';
import {
  forecastBacktestView,
  forecastProductsView,
  forecastProductView,
  forecastRunsView,
  forecastView,
  reorderSuggestionsView,
} from '../models/store/forecast-views.js';
import type { ApiContext } from './context.js';

type Inputs = typeof forecastInputs;

/** The forecasts: every method reads the stored outputs of the latest good forecast run. */
export const forecastHandlers: { [M in keyof Inputs & keyof ForecastOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => ForecastOutputs[M] } = {
  forecast: (i, ctx) => forecastView(ctx.db, i),
  forecastBacktest: (i, ctx) => forecastBacktestView(ctx.db, i),
  forecastRuns: (i, ctx) => forecastRunsView(ctx.db, i.limit),
  forecastProducts: (i, ctx) => forecastProductsView(ctx.db, i),
  forecastProduct: (i, ctx) => forecastProductView(ctx.db, i.key),
  reorderSuggestions: (i, ctx) => reorderSuggestionsView(ctx.db, i.limit),
};

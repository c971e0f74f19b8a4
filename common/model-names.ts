/**
 * The forecast models' names in words a shop owner reads at a glance, for the Forecasts page and
 * the PDF report alike (core/models/forecast/candidates.ts names the models).
 */
const NAMES: Record<string, string> = {
  served: 'What Tillsight uses',
  ensemble: 'Blend of the best models',
  global: 'Neural network across all products',
  'seasonal-naive': 'Same day last week',
  'weekday-mean': 'Average of the same weekday',
  ets: 'Exponential smoothing',
  theta: 'Theta method',
  croston: 'Croston (slow sellers)',
  tsb: 'TSB (slow sellers)',
};

/** "theta+year" (a model moved by last year's pattern, core/models/forecast/candidates.ts) reads "Theta method, with last year's pattern". */
export function modelName(model: string): string {
  if (model.endsWith('+year')) return `${modelName(model.slice(0, -'+year'.length))}, with last year's pattern`;
  return NAMES[model] ?? model;
}

import type { z } from 'zod';
import type { anomalyInputs, AnomalyOutputs } from '../../common/api-anomalies.js';
import { listAnomalies, markAnomaly, unmarkAnomaly } from '../models/store/anomalies.js';
import type { ApiContext } from './context.js';

type Inputs = typeof anomalyInputs;

/** The anomaly model's methods: what it flagged, and the owner's answers. */
export const anomalyHandlers: { [M in keyof Inputs & keyof AnomalyOutputs]: (input: z.output<Inputs[M]>, ctx: ApiContext) => AnomalyOutputs[M] } = {
  anomalies: (i, ctx) => listAnomalies(ctx.db, i),
  markAnomaly: (i, ctx) => {
    // A day marked as an error (or given back) changes what the forecast trains on: retrain, as after an import.
    if (markAnomaly(ctx.db, i, i.verdict, i.note ?? '').trainingDaysChanged) ctx.training?.dataChanged('a day marked as an error');
    return { marked: true };
  },
  unmarkAnomaly: (i, ctx) => {
    const r = unmarkAnomaly(ctx.db, i);
    if (r.trainingDaysChanged) ctx.training?.dataChanged('an error mark removed');
    return { removed: r.changed };
  },
};

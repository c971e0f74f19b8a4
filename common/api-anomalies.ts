/**
 * The anomaly model's API contract: what it flagged (latest good run), and the
 * owner's answers (explained by a promotion or an event; an error to leave
 * out of forecast training). Marks are keyed by date, scope and subject, so
 * they survive retrains.
 */
import { z } from 'zod';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const AnomalyScopeFilter = z.enum(['total', 'product', 'refunds', 'line']);
export type AnomalyScopeFilter = z.infer<typeof AnomalyScopeFilter>;
export const AnomalyVerdict = z.enum(['explained', 'error']);
export type AnomalyVerdict = z.infer<typeof AnomalyVerdict>;

/** Which anomaly a mark is about. */
export const AnomalyKey = z.object({
  date: IsoDate,
  scope: z.string().min(1).max(200),
  subject: z.string().max(300).default(''),
});
export type AnomalyKey = z.input<typeof AnomalyKey>;

export interface AnomalyItem {
  date: string;
  /** 'total', 'product:SKU', 'refunds' or 'line'. */
  scope: string;
  subject: string;
  score: number;
  expected: number;
  actual: number;
  direction: 'spike' | 'drop';
  explanation: string;
  mark: { verdict: AnomalyVerdict; note: string; markedAt: string } | null;
}

export interface AnomalyList {
  /** The run the anomalies come from (null: the model has not run yet). */
  run: { id: number; finishedAt: string | null; dataFrom: string | null; dataTo: string | null } | null;
  /** Sorted by score, highest first. Explained ones are listed only when asked for (`includeExplained`). */
  anomalies: AnomalyItem[];
}

export const anomalyInputs = {
  anomalies: z.object({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    scope: AnomalyScopeFilter.optional(),
    /** Also list anomalies the owner has explained (they no longer count); the UI shows them to undo a mark. */
    includeExplained: z.boolean().optional(),
    limit: z.number().int().positive().max(5000).optional(),
  }),
  markAnomaly: AnomalyKey.extend({ verdict: AnomalyVerdict, note: z.string().max(500).optional() }),
  unmarkAnomaly: AnomalyKey,
} as const;

export interface AnomalyOutputs {
  anomalies: AnomalyList;
  markAnomaly: { marked: true };
  unmarkAnomaly: { removed: boolean };
}

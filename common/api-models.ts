/**
 * The model runtime's API contract: training, the runs registry and what
 * serves. Each model kind adds its own contract beside this one
 * (api-forecast.ts, api-segments.ts, api-anomalies.ts).
 */
import { z } from 'zod';

export type ModelRunStatus = 'running' | 'ok' | 'failed' | 'cancelled';

export interface ModelRunInfo {
  id: number;
  kind: string;
  status: ModelRunStatus;
  params: Record<string, unknown>;
  seed: number;
  /** The data version the run saw: it changes with every import and undo. */
  dataVersion: number;
  dataFrom: string | null;
  dataTo: string | null;
  metrics: Record<string, unknown>;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  peakRssMb: number | null;
  error: string | null;
  /** Why it ran: "import", "undo", "retrain", "models older than the data", "command line". */
  reason: string | null;
  /** This run is the one whose outputs the dashboards show (the kind's latest good run). */
  serving: boolean;
}

export interface TrainResult {
  runs: ModelRunInfo[];
}

export interface ModelStatus {
  /** The training running in this host now, if any (its progress events carry this task id). */
  training: { taskId: string; reason: string; startedAt: string } | null;
  dataVersion: number;
  /** Kinds whose serving run is missing or saw older data than the database holds now. */
  stale: string[];
  kinds: Array<{ kind: string; title: string }>;
  latest: Record<string, ModelRunInfo | null>;
}

export const modelInputs = {
  /** Trains now (the Retrain button); waits for the run to finish. */
  train: z.object({ kinds: z.array(z.string().max(40)).max(10).optional(), taskId: z.string().max(64).optional() }),
  modelRuns: z.object({ kind: z.string().max(40).optional(), limit: z.number().int().positive().max(200).optional() }),
  modelStatus: z.object({}),
} as const;

export interface ModelOutputs {
  train: TrainResult;
  modelRuns: ModelRunInfo[];
  modelStatus: ModelStatus;
}

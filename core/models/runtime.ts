/**
 * What a model kind is to the runtime. A kind (forecast, segments, anomalies)
 * is three functions: `read` gets its training data from the store (SQL lives
 * only in core/models/data/), `train` is pure computation over arrays (no
 * database: testable on series with known answers), `write` stores its outputs
 * (core/models/store/) inside the transaction that marks the run good, so a
 * half-written run can never serve.
 */
import type { Db } from '../store/db.js';

export interface TrainContext {
  /** Every random draw in training comes from a PRNG seeded with this (core/models/random.ts). */
  seed: number;
  /** Checked between steps; a cancelled training throws `TrainingCancelled`. */
  signal: AbortSignal;
  progress(phase: string, done: number, total: number | null, message?: string): void;
}

export interface Trained<Outputs> {
  outputs: Outputs;
  metrics: Record<string, unknown>;
  params: Record<string, unknown>;
}

export interface ModelSpec<Data = unknown, Outputs = unknown> {
  kind: string;
  /** A phrase for progress and the runs table ("Forecasting sales"). */
  title: string;
  read(db: Db): Data;
  train(data: Data, ctx: TrainContext): Promise<Trained<Outputs>>;
  write(db: Db, runId: number, outputs: Outputs): void;
  /** The date range the data covers (YYYYMMDD), for the registry; optional. */
  dataRange?(data: Data): { from: number | null; to: number | null };
}

export class TrainingCancelled extends Error {
  constructor() {
    super('the training was cancelled');
  }
}

/** Throws `TrainingCancelled` when the signal has fired: call it between steps. */
export function checkCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new TrainingCancelled();
}

/**
 * Lets the spec's own types flow in while the registry holds specs of every
 * kind in one list (each spec's read/train/write agree with each other).
 */
export function defineModel<Data, Outputs>(spec: ModelSpec<Data, Outputs>): ModelSpec<unknown, unknown> {
  return spec;
}

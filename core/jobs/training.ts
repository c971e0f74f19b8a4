/**
 * When models train, in a host (the HTTP server, the desktop app's host): after
 * every import and undo (debounced, so a drop of five files trains once), when
 * the host opens on data whose models are missing or older than the data, and
 * on demand. One training at a time (these laptops have 2 cores): a request
 * while one runs is queued and served by one more run after it.
 * Training runs as the `train` job in a worker thread, never on the host's thread.
 */
import { randomBytes } from 'node:crypto';
import type { ProgressEvent } from '../../common/api.js';
import type { TrainResult } from '../../common/api-models.js';
import type { Db } from '../store/db.js';
import { modelSpecs } from '../models/kinds.js';
import { staleKinds } from '../models/registry.js';
import { hasSales } from '../import/batches.js';
import { cancelJob, runJob } from './runner.js';

export interface TrainingState {
  taskId: string;
  reason: string;
  startedAt: string;
}

export class TrainingScheduler {
  private current: { state: TrainingState; done: Promise<TrainResult | null> } | null = null;
  private queued: { reason: string; waiters: Array<(r: TrainResult | null) => void> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly dbPath: string,
    private readonly emitProgress: (e: ProgressEvent) => void,
    /** How long after the last import or undo training starts; 0 disables automatic training. */
    private readonly debounceMs = 2000,
  ) {}

  get training(): TrainingState | null {
    return this.current?.state ?? null;
  }

  /** After an import or undo: train once things have been quiet for a moment. */
  dataChanged(reason: string): void {
    if (this.closed || this.debounceMs <= 0 || modelSpecs.length === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.trainNow(reason).catch(() => undefined); // a failure is recorded in the registry
    }, this.debounceMs);
    this.timer.unref();
  }

  /** On opening: models missing or older than the data train in the background. */
  checkOnOpen(): void {
    if (this.debounceMs <= 0 || !hasSales(this.db)) return;
    if (
      staleKinds(
        this.db,
        modelSpecs.map((s) => s.kind),
      ).length
    )
      this.dataChanged('models older than the data');
  }

  /** Trains now, or right after the training that is running; resolves with that run's result (null if cancelled). */
  trainNow(reason: string, taskId?: string): Promise<TrainResult | null> {
    if (this.closed) return Promise.resolve(null);
    if (!this.current) return this.start(reason, taskId);
    this.queued ??= { reason, waiters: [] };
    const queued = this.queued;
    return new Promise((resolve) => queued.waiters.push(resolve));
  }

  /** Cancels the running training (and anything queued) and waits for it to stop. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const q = this.queued;
    this.queued = null;
    for (const w of q?.waiters ?? []) w(null);
    if (this.current) {
      cancelJob(this.current.state.taskId);
      await this.current.done.catch(() => undefined);
    }
  }

  private start(reason: string, taskId = `train-${randomBytes(5).toString('hex')}`): Promise<TrainResult | null> {
    const state = { taskId, reason, startedAt: new Date().toISOString() };
    const done = runJob(this.dbPath, 'train', { reason }, { taskId, onProgress: this.emitProgress }).then(
      (r) => r,
      (e: unknown) => {
        if (e instanceof Error && 'code' in e && e.code === 'cancelled') return null;
        throw e;
      },
    );
    this.current = { state, done };
    const next = () => {
      this.current = null;
      const q = this.queued;
      this.queued = null;
      if (q && !this.closed) {
        const again = this.start(q.reason);
        for (const w of q.waiters) void again.then(w, () => w(null));
      }
    };
    void done.then(next, next);
    return done;
  }
}

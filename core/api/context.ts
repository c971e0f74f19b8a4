import type { Db } from '../store/db.js';
import type { ApiErrorBody, ProgressEvent } from '../../common/api.js';
import type { TrainingScheduler } from '../jobs/training.js';

/** What every API handler gets from its host. */
export interface ApiContext {
  db: Db;
  dbPath: string;
  /** Directory where uploaded files wait between preview and commit. */
  uploadDir: string;
  // A function property, not a method: handlers pass it on unbound (onProgress: ctx.emitProgress).
  emitProgress: (event: ProgressEvent) => void;
  /** Trains the models in the background after imports and undos; a host that trains nothing has none (the CLI). */
  training?: TrainingScheduler;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorBody['error']['code'],
    message: string,
  ) {
    super(message);
  }
}

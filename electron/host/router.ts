/**
 * The host's side of the protocol: one request in, one reply out. It runs the core (callApi,
 * which hands writes and long work to worker threads) on the host's own connection, keeps a
 * list of the long work in flight (so closing the window can ask, wait or cancel), and does
 * the shell's file operations (uploads, imports from a real path, report downloads,
 * checkpoints). No Electron: the same code runs in a utilityProcess and under plain Node.
 */
import { randomBytes } from 'node:crypto';
import type { ApiMethod } from '../../common/api.js';
import { callApi, downloadFile, isApiMethod, toErrorBody, ApiError, type ApiContext } from '../../core/api/index.js';
import { saveUpload } from '../../core/api/uploads.js';
import { checkpointWal } from '../../core/store/db.js';
import {
  LONG_METHODS,
  errorReply,
  parseHostRequest,
  takesTaskId,
  type BusyTask,
  type CheckpointResult,
  type HostOps,
  type HostReply,
  type HostRequest,
} from './protocol.js';
import { linkPathUpload } from './path-uploads.js';

export interface HostRouterOptions {
  ctx: ApiContext;
  /** Files and folders no import may read (the app's own database, uploads and reports). */
  protectedPaths: string[];
  /** The background training of the models (core/jobs/training.ts), when this host runs one. */
  training?: BackgroundTraining;
  /** Called by `shutdown` after the database is closed. */
  exit(code: number): void;
}

/** What the router needs of core/jobs/training.ts's TrainingScheduler (kept structural: no import of the jobs layer). */
export interface BackgroundTraining {
  readonly training: { taskId: string; reason: string; startedAt: string } | null;
  close(): Promise<void>;
}

export interface HostRouter {
  handle(message: unknown): Promise<HostReply>;
  busy(): BusyTask[];
}

export function createHostRouter(opts: HostRouterOptions): HostRouter {
  const { ctx } = opts;
  const inFlight = new Map<string, BusyTask>();
  /** The API calls in flight, and an automatic training (after an import) that no call asked for. */
  const busyTasks = (): BusyTask[] => {
    const tasks = [...inFlight.values()];
    const auto = opts.training?.training;
    if (auto && !inFlight.has(auto.taskId)) {
      tasks.push({ taskId: auto.taskId, method: 'train', label: LONG_METHODS.train!, cancellable: true, startedAt: Date.parse(auto.startedAt) || Date.now() });
    }
    return tasks;
  };
  let closed = false;

  const checkpoint = (): CheckpointResult => checkpointWal(ctx.db);

  async function call(method: ApiMethod, rawInput: unknown): Promise<unknown> {
    const label = LONG_METHODS[method];
    if (!label) return callApi(ctx, method, rawInput);
    // Long work gets a task id even when the page sent none, so the close dialog can cancel it.
    let input = rawInput;
    let taskId = `host-${randomBytes(6).toString('hex')}`;
    const cancellable = takesTaskId(method);
    if (cancellable && rawInput && typeof rawInput === 'object' && !Array.isArray(rawInput)) {
      const given = (rawInput as { taskId?: unknown }).taskId;
      if (typeof given === 'string' && given.length > 0) taskId = given;
      else input = { ...rawInput, taskId };
    }
    inFlight.set(taskId, { taskId, method, label, cancellable, startedAt: Date.now() });
    try {
      return await callApi(ctx, method, input);
    } finally {
      inFlight.delete(taskId);
    }
  }

  const ops: { [K in keyof HostOps]: (body: HostOps[K]['body']) => Promise<HostOps[K]['result']> | HostOps[K]['result'] } = {
    call: (b) => {
      if (typeof b.method !== 'string' || !isApiMethod(b.method)) throw new ApiError('not-found', `Unknown API method: ${String(b.method).slice(0, 60)}`);
      return call(b.method, b.input);
    },
    upload: (b) => {
      if (typeof b.name !== 'string' || !(b.bytes instanceof Uint8Array))
        throw new ApiError('bad-input', 'An upload needs a file name and the file\u2019s bytes.');
      return saveUpload(ctx.uploadDir, b.name, b.bytes);
    },
    openPath: (b) => linkPathUpload(ctx.uploadDir, b.filePath, opts.protectedPaths),
    busy: () => busyTasks(),
    cancelAll: async () => {
      let cancelled = 0;
      for (const task of busyTasks()) {
        if (!task.cancellable) continue;
        const r = await callApi(ctx, 'cancelTask', { taskId: task.taskId });
        if (r.cancelled) cancelled++;
      }
      return { cancelled };
    },
    checkpoint: () => checkpoint(),
    // The core's own lookup (core/api/downloads.ts), as the HTTP host's download uses.
    download: (b) => downloadFile(ctx.uploadDir, b.downloadId),
    shutdown: async () => {
      // A training still running (the owner chose to stop it, or it started meanwhile) is cancelled and awaited.
      await opts.training?.close();
      const result = checkpoint();
      closed = true;
      ctx.db.close();
      // The reply goes out first; the process ends once it is on its way.
      setTimeout(() => opts.exit(0), 50);
      return result;
    },
  };

  return {
    busy: busyTasks,
    async handle(message: unknown): Promise<HostReply> {
      const request: HostRequest | null = parseHostRequest(message);
      if (!request) {
        const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : 0;
        return errorReply(id, 'bad-input', 'The core host received a message it does not understand.');
      }
      if (closed) return errorReply(request.id, 'refused', 'Tillsight is closing.');
      try {
        const run = ops[request.op] as (body: unknown) => unknown;
        return { type: 'reply', id: request.id, ok: await run(request.body) };
      } catch (e) {
        const { error } = toErrorBody(e);
        return { type: 'reply', id: request.id, error };
      }
    },
  };
}

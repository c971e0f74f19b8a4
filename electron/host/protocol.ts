/**
 * The messages between Electron's main process and the core host (electron/core-host.ts, an
 * Electron `utilityProcess`; under plain Node the same entry runs as a `child_process.fork`
 * child, which is how the tests drive it). No Electron, no Node built-ins: pure types and
 * checks (and the API map of common/), so both ends and the tests share them.
 *
 *   main -> host   { type: 'request', id, body }          body: one of HostRequestBody
 *   host -> main   { type: 'reply', id, ok } | { type: 'reply', id, error: { code, message } }
 *                  { type: 'progress', event }              ProgressEvent of long work, forwarded to the window
 *                  { type: 'ready', dbPath } | { type: 'fatal', message }   once, at start
 *
 * `call` carries one method of the API map in common/api.ts (its input is validated by zod in
 * the host, since it comes from the page); the other bodies are the shell's own operations.
 */
import { apiInputs, type ApiErrorBody, type ApiMethod, type ApiOutput, type ProgressEvent } from '../../common/api.js';

export type ErrorInfo = ApiErrorBody['error'];
export type ErrorCode = ErrorInfo['code'];

/** A long piece of work the host is running, as the close dialog describes it. */
export interface BusyTask {
  taskId: string;
  method: string;
  /** "an import", "the sample shop", …: for the sentence in the close dialog. */
  label: string;
  /** The host can stop it cleanly (it rolls back); otherwise closing waits for it. */
  cancellable: boolean;
  startedAt: number;
}

export interface CheckpointResult {
  /** SQLite's checkpoint result: busy = 1 when a reader blocked it, log/checkpointed in pages. */
  busy: number;
  log: number;
  checkpointed: number;
}

/** What main may ask the host, by kind, with what each answers. */
export interface HostOps {
  /** One API method; `input` is whatever the page sent (validated in the host). */
  call: { body: { method: ApiMethod; input: unknown }; result: unknown };
  /** A file's bytes handed over by the page (the browser-style upload). */
  upload: { body: { name: string; bytes: Uint8Array }; result: { uploadId: string } };
  /** A file on disk (dropped, chosen in the native dialog, opened from the OS), imported from where it is. */
  openPath: { body: { filePath: string }; result: { uploadId: string; fileName: string; size: number; linked: 'symlink' | 'hardlink' | 'copy' } };
  /** The long work in flight. */
  busy: { body: Record<string, never>; result: BusyTask[] };
  /** Ask every cancellable task to stop (each rolls back). */
  cancelAll: { body: Record<string, never>; result: { cancelled: number } };
  /** A TRUNCATE checkpoint: the WAL folded into the database file and emptied. */
  checkpoint: { body: Record<string, never>; result: CheckpointResult };
  /** The report file a `reportExport` wrote, by its download id (never a path from the page). */
  download: { body: { downloadId: string }; result: { filePath: string; fileName: string } };
  /** Checkpoint, close the database and exit. */
  shutdown: { body: Record<string, never>; result: CheckpointResult };
}
export type HostOp = keyof HostOps;

export type HostRequest = { [K in HostOp]: { type: 'request'; id: number; op: K; body: HostOps[K]['body'] } }[HostOp];
export type HostReply = { type: 'reply'; id: number; ok: unknown } | { type: 'reply'; id: number; error: ErrorInfo };
export type HostEvent = { type: 'progress'; event: ProgressEvent } | { type: 'ready'; dbPath: string; pid: number } | { type: 'fatal'; message: string };
export type HostToMain = HostReply | HostEvent;

/** The typed result of a `call`, for callers that know the method (the menu's own calls). */
export type CallResult<M extends ApiMethod> = ApiOutput<M>;

/** API methods that run long enough for closing the window to have to ask, with how the dialog names them. */
export const LONG_METHODS: Readonly<Partial<Record<string, string>>> = {
  importCommit: 'an import',
  sampleLoad: 'loading the sample shop',
  sampleRemove: 'removing the sample shop',
  undo: 'undoing an import',
  train: 'training the models',
  reportExport: 'writing a report',
};

/** True for a method of the API map (own properties only: no `constructor`, no `__proto__`). */
export function isApiMethodName(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiInputs, name);
}

/** True when the method's input schema has a `taskId`: its work can be cancelled by that id. */
export function takesTaskId(method: string): boolean {
  if (!isApiMethodName(method)) return false;
  const shape = (apiInputs[method] as { shape?: Record<string, unknown> }).shape;
  return Boolean(shape && Object.prototype.hasOwnProperty.call(shape, 'taskId'));
}

const OPS: ReadonlySet<string> = new Set<HostOp>(['call', 'upload', 'openPath', 'busy', 'cancelAll', 'checkpoint', 'download', 'shutdown']);
const CODES: ReadonlySet<string> = new Set<ErrorCode>(['bad-input', 'refused', 'not-found', 'cancelled', 'internal']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/** Checks a message arriving in the host. The body's own fields are checked by the handler of its op. */
export function parseHostRequest(m: unknown): HostRequest | null {
  if (!isRecord(m) || m.type !== 'request' || !isId(m.id) || typeof m.op !== 'string' || !OPS.has(m.op) || !isRecord(m.body)) return null;
  return m as unknown as HostRequest;
}

/** Checks a message arriving in main from the host. */
export function parseHostMessage(m: unknown): HostToMain | null {
  if (!isRecord(m)) return null;
  switch (m.type) {
    case 'reply': {
      if (!isId(m.id)) return null;
      if ('error' in m) {
        const e = m.error;
        if (!isRecord(e) || typeof e.message !== 'string') return null;
        const code = typeof e.code === 'string' && CODES.has(e.code) ? (e.code as ErrorCode) : 'internal';
        return { type: 'reply', id: m.id, error: { code, message: e.message } };
      }
      return 'ok' in m ? { type: 'reply', id: m.id, ok: m.ok } : null;
    }
    case 'progress': {
      const e = m.event;
      if (!isRecord(e) || typeof e.taskId !== 'string' || typeof e.phase !== 'string' || typeof e.done !== 'number') return null;
      return { type: 'progress', event: e as unknown as ProgressEvent };
    }
    case 'ready':
      return typeof m.dbPath === 'string' && typeof m.pid === 'number' ? { type: 'ready', dbPath: m.dbPath, pid: m.pid } : null;
    case 'fatal':
      return typeof m.message === 'string' ? { type: 'fatal', message: m.message } : null;
    default:
      return null;
  }
}

export function errorReply(id: number, code: ErrorCode, message: string): HostReply {
  return { type: 'reply', id, error: { code, message } };
}

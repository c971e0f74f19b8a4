/**
 * Main's side of the protocol: starts the core host, correlates each request with its reply
 * by id, forwards progress, and restarts the host when it crashes. No Electron here: the
 * process is made by a `spawn` function (utilityProcess.fork in main.ts, child_process.fork
 * in the tests), so this code is tested under plain Node against the real host.
 *
 * Crash policy (`RestartPolicy`): a host that exits without being asked to is started again
 * after a short pause, up to `maxRestarts` times within `windowMs`; beyond that it stays down
 * and every request fails with a sentence, since a host that keeps dying would otherwise loop.
 * Requests in flight when it died fail with `internal` (they are not replayed: an import or an
 * undo must not run twice behind the owner's back); the page shows the message and the owner
 * can try again. A host that cannot open the database (`fatal` at start) is never restarted.
 */
import type { ApiMethod, ApiOutput, ProgressEvent } from '../../common/api.js';
import { parseHostMessage, type ErrorInfo, type HostOp, type HostOps } from './protocol.js';

export interface HostProcess {
  post(message: unknown): void;
  kill(): void;
  readonly pid: number | undefined;
}

export interface SpawnHandlers {
  message(message: unknown): void;
  exit(code: number | null): void;
}

export type SpawnHost = (handlers: SpawnHandlers) => HostProcess;

export class HostError extends Error {
  constructor(
    readonly code: ErrorInfo['code'],
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** When to restart a crashed host: pure, so its arithmetic is tested alone. */
export class RestartPolicy {
  private crashes: number[] = [];
  constructor(
    readonly maxRestarts = 3,
    readonly windowMs = 60_000,
    readonly delaysMs: readonly number[] = [200, 1000, 3000],
  ) {}

  /** Records a crash at `now`; returns the pause before the restart, or null to give up. */
  onCrash(now: number): number | null {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    const n = this.crashes.length;
    if (n > this.maxRestarts) return null;
    return this.delaysMs[Math.min(n - 1, this.delaysMs.length - 1)] ?? 0;
  }
}

export type HostState = 'starting' | 'ready' | 'restarting' | 'stopped' | 'failed';

export interface HostClientOptions {
  spawn: SpawnHost;
  onProgress?(event: ProgressEvent): void;
  /** Told about each state change (main logs crashes and shows a box when the host gives up). */
  onState?(state: HostState, detail?: string): void;
  policy?: RestartPolicy;
  now?(): number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: HostError): void;
}

export class HostClient {
  private child: HostProcess | null = null;
  private state: HostState = 'stopped';
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** Requests made while the host (re)starts: sent once it is ready. */
  private queue: Array<{ send(): void; reject(e: HostError): void }> = [];
  private readyWaiters: Array<{ resolve(dbPath: string): void; reject(e: HostError): void }> = [];
  private stopping: { resolve(): void; promise: Promise<void> } | null = null;
  /** Set by stop(): no restart, no new request, whatever state the host was in. */
  private closed = false;
  private readonly policy: RestartPolicy;
  private restarts = 0;
  dbPath: string | null = null;

  constructor(private readonly opts: HostClientOptions) {
    this.policy = opts.policy ?? new RestartPolicy();
  }

  get currentState(): HostState {
    return this.state;
  }

  get restartCount(): number {
    return this.restarts;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the host; resolves with the database path once it has opened it, rejects on `fatal`. */
  start(): Promise<string> {
    const ready = new Promise<string>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    this.launch('starting');
    return ready;
  }

  private setState(state: HostState, detail?: string): void {
    this.state = state;
    this.opts.onState?.(state, detail);
  }

  private launch(state: 'starting' | 'restarting'): void {
    this.setState(state);
    let fatal: string | null = null;
    const child = this.opts.spawn({
      message: (raw) => {
        if (this.child !== child) return;
        const m = parseHostMessage(raw);
        if (!m) return;
        switch (m.type) {
          case 'ready':
            this.dbPath = m.dbPath;
            this.setState('ready');
            for (const w of this.readyWaiters.splice(0)) w.resolve(m.dbPath);
            for (const q of this.queue.splice(0)) q.send();
            break;
          case 'fatal':
            fatal = m.message;
            break;
          case 'progress':
            this.opts.onProgress?.(m.event);
            break;
          case 'reply': {
            const p = this.pending.get(m.id);
            if (!p) break;
            this.pending.delete(m.id);
            if ('error' in m) p.reject(new HostError(m.error.code, m.error.message));
            else p.resolve(m.ok);
            break;
          }
        }
      },
      exit: (code) => {
        if (this.child !== child) return;
        this.child = null;
        this.onExit(code, fatal);
      },
    });
    this.child = child;
  }

  private onExit(code: number | null, fatal: string | null): void {
    const lost = new HostError('internal', 'Tillsight\u2019s data engine stopped while working on this; it has been restarted. Please try again.');
    for (const p of this.pending.values()) p.reject(lost);
    this.pending.clear();
    if (this.stopping) {
      this.setState('stopped');
      this.stopping.resolve();
      return;
    }
    if (fatal !== null || this.state === 'starting') {
      // It never got going (a database it cannot open): restarting would fail the same way.
      const e = new HostError('internal', fatal ?? `the data engine ended at start (exit code ${code})`);
      this.failAll(e);
      this.setState('failed', e.message);
      return;
    }
    const delay = this.policy.onCrash(this.opts.now?.() ?? Date.now());
    if (delay === null) {
      const e = new HostError('internal', 'Tillsight\u2019s data engine keeps stopping; quit and start Tillsight again.');
      this.failAll(e);
      this.setState('failed', `exit code ${code}`);
      return;
    }
    this.restarts++;
    this.setState('restarting', `exit code ${code}`);
    setTimeout(() => {
      if (!this.closed) this.launch('restarting');
    }, delay);
  }

  private failAll(e: HostError): void {
    for (const w of this.readyWaiters.splice(0)) w.reject(e);
    for (const q of this.queue.splice(0)) q.reject(e);
  }

  /** Sends one request; resolves with its result, rejects with a HostError carrying the core's code. */
  request<K extends HostOp>(op: K, body: HostOps[K]['body']): Promise<HostOps[K]['result']> {
    return new Promise((resolve, reject) => {
      if (this.state === 'failed') return reject(new HostError('internal', 'Tillsight\u2019s data engine is not running; quit and start Tillsight again.'));
      if (this.closed || this.state === 'stopped') return reject(new HostError('refused', 'Tillsight is closing.'));
      const id = this.nextId++;
      const send = () => {
        this.pending.set(id, { resolve: resolve, reject });
        this.child!.post({ type: 'request', id, op, body });
      };
      if (this.state === 'ready' && this.child) send();
      else this.queue.push({ send, reject });
    });
  }

  /** An API call with its typed result (for main's own calls: the menu's undo, retrain). */
  call<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>> {
    return this.request('call', { method, input }) as Promise<ApiOutput<M>>;
  }

  /** An API call as the page gets it: `{ ok }` or `{ error: { code, message } }`, never a throw. */
  async callEnvelope(method: ApiMethod, input: unknown): Promise<{ ok: unknown } | { error: ErrorInfo }> {
    try {
      return { ok: await this.request('call', { method, input }) };
    } catch (e) {
      return { error: toErrorInfo(e) };
    }
  }

  /** Asks the host to checkpoint, close the database and exit; kills it if it has not within `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.stopping) return this.stopping.promise;
    this.closed = true;
    const closing = new HostError('refused', 'Tillsight is closing.');
    if (!this.child) {
      // Between a crash and its restart: nothing to shut down, and the restart will not happen.
      for (const q of this.queue.splice(0)) q.reject(closing);
      this.setState('stopped');
      return;
    }
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.stopping = { resolve, promise };
    for (const q of this.queue.splice(0)) q.reject(closing); // requests that never went out
    const child = this.child;
    const id = this.nextId++;
    this.pending.set(id, { resolve: () => {}, reject: () => {} });
    child.post({ type: 'request', id, op: 'shutdown', body: {} });
    const timer = setTimeout(() => child.kill(), timeoutMs);
    await promise;
    clearTimeout(timer);
  }

  /** Test and emergency use: ends the host at once (as a crash would). */
  kill(): void {
    this.child?.kill();
  }
}

export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof HostError) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

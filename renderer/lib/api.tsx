/** The transport and a data version in React context, and a hook that loads an API view. */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiInput, ApiMethod, ApiOutput, Transport } from '../../common/api.js';

interface ApiState {
  transport: Transport;
  /** Bumped after anything that changes the data (import, undo, sample): every view reloads. */
  dataVersion: number;
  refresh(): void;
}

const Ctx = createContext<ApiState | null>(null);

export function ApiProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  const [dataVersion, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return <Ctx.Provider value={{ transport, dataVersion, refresh }}>{children}</Ctx.Provider>;
}

export function useApiContext(): ApiState {
  const c = useContext(Ctx);
  if (!c) throw new Error('ApiProvider missing');
  return c;
}

export function useTransport(): Transport {
  return useApiContext().transport;
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** Calls an API method whenever its input or the data version changes; keeps the previous data while reloading. */
export function useApi<M extends ApiMethod>(method: M, input: ApiInput<M>, enabled = true): Loaded<ApiOutput<M>> {
  const { transport, dataVersion } = useApiContext();
  const [state, setState] = useState<{ data: ApiOutput<M> | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: enabled });
  const [nonce, setNonce] = useState(0);
  const key = JSON.stringify(input);
  const seq = useRef(0);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    const my = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    transport.call(method, JSON.parse(key) as ApiInput<M>).then(
      (data) => {
        if (my === seq.current) setState({ data, error: null, loading: false });
      },
      (e: unknown) => {
        if (my !== seq.current) return;
        setState((s) => ({ data: s.data, error: e instanceof Error ? e.message : String(e), loading: false }));
        // 'busy': an import holds the database (the message says so); the same call succeeds when it ends.
        if ((e as { code?: unknown }).code === 'busy') retry.current = setTimeout(() => setNonce((n) => n + 1), BUSY_RETRY_MS);
      },
    );
    return () => clearTimeout(retry.current);
  }, [transport, method, key, dataVersion, nonce, enabled]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

/** How often a view asks again while the database is busy (the server suggests 3 s in Retry-After). */
const BUSY_RETRY_MS = 3000;

export function newTaskId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

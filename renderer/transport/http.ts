/**
 * Transport over the local HTTP server (`tillsight serve`): JSON calls, raw
 * uploads and Server-Sent Events for progress. The per-run token comes from
 * the <meta name="tillsight-token"> tag the server fills in.
 */
import type { ApiErrorBody, ApiInput, ApiMethod, ApiOutput, ProgressEvent, Transport } from '../../common/api.js';

/** An error from the core, carrying its code and the message to show the owner. */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export function readToken(doc: Document = document): string {
  const meta = doc.querySelector('meta[name="tillsight-token"]');
  const token = meta?.getAttribute('content') ?? '';
  return token === '__TILLSIGHT_TOKEN__' ? '' : token;
}

async function parseResponse(res: Response): Promise<unknown> {
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const err = (body as ApiErrorBody | undefined)?.error;
    throw new TransportError(err?.code ?? 'internal', err?.message ?? `The app's server answered ${res.status} ${res.statusText}`.trim());
  }
  return body;
}

export function createHttpTransport(base = '', token = readToken()): Transport {
  const listeners = new Set<(e: ProgressEvent) => void>();
  let source: EventSource | null = null;
  const ensureEvents = () => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (msg) => {
      let event: ProgressEvent;
      try {
        event = JSON.parse(msg.data as string) as ProgressEvent;
      } catch {
        return;
      }
      for (const l of listeners) l(event);
    };
  };
  return {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      let res: Response;
      try {
        res = await fetch(`${base}/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Tillsight-Token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new TransportError('internal', 'Cannot reach Tillsight’s local server. Is it still running?');
      }
      return (await parseResponse(res)) as ApiOutput<M>;
    },
    async upload(name: string, data: ArrayBuffer): Promise<{ uploadId: string }> {
      let res: Response;
      try {
        res = await fetch(`${base}/api/upload?name=${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', 'X-Tillsight-Token': token },
          body: data,
        });
      } catch {
        throw new TransportError('internal', 'Cannot reach Tillsight’s local server to send the file.');
      }
      return (await parseResponse(res)) as { uploadId: string };
    },
    async saveDownload(downloadId, fileName) {
      // The token goes in a header, as on every call, so the file is fetched here and handed to the browser as a blob.
      let res: Response;
      try {
        res = await fetch(`${base}/api/download/${encodeURIComponent(downloadId)}`, { headers: { 'X-Tillsight-Token': token } });
      } catch {
        throw new TransportError('internal', 'Cannot reach Tillsight’s local server to fetch the file.');
      }
      if (!res.ok) await parseResponse(res);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return { saved: true };
    },
    onProgress(listener: (event: ProgressEvent) => void): () => void {
      listeners.add(listener);
      ensureEvents();
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

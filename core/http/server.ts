/**
 * The HTTP transport: serves the built renderer and the typed API on 127.0.0.1.
 *
 * Other pages in the owner's browser can reach 127.0.0.1 too, so the API is
 * guarded three ways: a random per-run token (injected into index.html, sent
 * back in a header that cross-site requests can't set without CORS, which we
 * never grant), a Host check (defeats DNS rebinding) and an Origin check.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '../../common/api.js';
import { callApi, toErrorBody, ApiError, type ApiContext } from '../api/index.js';
import { TrainingScheduler } from '../jobs/training.js';
import { CONTENT_SECURITY_POLICY } from '../../common/csp.js';
import { createUploadTarget, discardUpload } from '../api/uploads.js';
import { downloadFile } from '../api/downloads.js';
import { openDb, type Db } from '../store/db.js';
import { busySentence, isBusyError } from '../store/db-errors.js';

export const RENDERER_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};
const MAX_JSON = 1 << 20;
const HOST_BUSY_TIMEOUT_MS = 300;
const MAX_UPLOAD = 4 * 1024 * 1024 * 1024;

export interface ServerOptions {
  /**
   * The host's connection. Absent when the database could not be opened yet
   * because an import held it (tillsight serve started during a big CLI import):
   * the server opens it at the first call that finds it free, and until then
   * answers every call with the 'busy' error, which the renderer shows and retries.
   */
  db?: Db;
  dbPath: string;
  port?: number;
  rendererDir?: string;
  /** Fixed token for tests; random otherwise. */
  token?: string;
  /** Milliseconds after an import or undo before the models retrain (default 2000); 0 trains only on demand. */
  trainDebounceMs?: number;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  /** The connection the server opened itself (ServerOptions.db absent), if it has: the host closes it. */
  openedDb(): Db | undefined;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const rendererDir = opts.rendererDir ?? RENDERER_DIR;
  const sse = new Set<http.ServerResponse>();
  let db: Db | undefined = opts.db;
  let startTraining: (d: Db) => void = () => {};
  // The host only reads (writes go to worker threads): when an import holds the file, answer 'busy' at once
  // rather than hold every request for SQLite's 5 s busy wait (better-sqlite3 waits on this thread).
  const hostTimeout = (d: Db) => d.pragma(`busy_timeout = ${HOST_BUSY_TIMEOUT_MS}`);
  if (db) hostTimeout(db);
  const ctx: ApiContext = {
    get db(): Db {
      if (db) return db;
      try {
        db = openDb(opts.dbPath);
        hostTimeout(db);
        startTraining(db);
      } catch (e) {
        if (isBusyError(e)) throw new ApiError('busy', busySentence(opts.dbPath));
        throw e;
      }
      return db;
    },
    dbPath: opts.dbPath,
    uploadDir: path.join(path.dirname(path.resolve(opts.dbPath)), 'uploads'),
    emitProgress(event: ProgressEvent) {
      const line = `data: ${JSON.stringify(event)}\n\n`;
      for (const res of sse) res.write(line);
    },
  };
  // Training follows the data once the database is open (at once, or at the first call after an import let go of it).
  startTraining = (d: Db) => {
    ctx.training = new TrainingScheduler(d, ctx.dbPath, (e) => ctx.emitProgress(e), opts.trainDebounceMs ?? 2000);
    ctx.training.checkOnOpen();
  };
  if (db) startTraining(db);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const tokenOk = (given: string | undefined) => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e) => sendJson(res, 500, toErrorBody(e)));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!allowedHosts().has(req.headers.host ?? '')) return sendText(res, 421, 'Wrong host');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!url.pathname.startsWith('/api/')) return serveStatic(url.pathname, res);

    const origin = req.headers.origin;
    if (origin && !allowedHosts().has(origin.replace(/^http:\/\//, '')))
      return sendJson(res, 403, { error: { code: 'bad-input', message: 'cross-origin request refused' } });
    if (url.pathname === '/api/events') {
      if (!tokenOk(url.searchParams.get('token') ?? undefined)) return sendJson(res, 401, { error: { code: 'bad-input', message: 'missing or wrong token' } });
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      sse.add(res);
      req.on('close', () => sse.delete(res));
      return;
    }
    if (!tokenOk(req.headers['x-tillsight-token'] as string | undefined))
      return sendJson(res, 401, { error: { code: 'bad-input', message: 'missing or wrong token' } });
    const download = /^\/api\/download\/([^/]+)$/.exec(url.pathname);
    if (download) return sendDownload(req, res, ctx.uploadDir, download[1]);
    if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'bad-input', message: 'use POST' } });

    if (url.pathname === '/api/upload') {
      const name = url.searchParams.get('name') ?? 'upload.csv';
      const target = createUploadTarget(ctx.uploadDir, name);
      let size = 0;
      const out = fs.createWriteStream(target.filePath);
      try {
        await new Promise<void>((resolve, reject) => {
          req.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_UPLOAD) {
              req.destroy();
              reject(new ApiError('bad-input', 'the file is larger than 4 GB'));
            }
          });
          req.pipe(out);
          out.on('finish', resolve);
          out.on('error', reject);
          req.on('error', reject);
        });
      } catch (e) {
        discardUpload(ctx.uploadDir, target.uploadId);
        throw e;
      }
      return sendJson(res, 200, { uploadId: target.uploadId });
    }
    const m = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { error: { code: 'not-found', message: 'no such endpoint' } });
    const body = await readBody(req);
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return sendJson(res, 400, { error: { code: 'bad-input', message: 'the request body is not JSON' } });
    }
    try {
      const output = await callApi(ctx, m[1], input);
      sendJson(res, 200, output);
    } catch (e) {
      const body = toErrorBody(e);
      const status = { 'bad-input': 400, refused: 422, 'not-found': 404, cancelled: 409, busy: 503, internal: 500 }[body.error.code];
      if (body.error.code === 'busy') res.setHeader('Retry-After', '3');
      sendJson(res, status, body);
    }
  }

  let indexHtml: string | undefined;
  function serveStatic(pathname: string, res: http.ServerResponse): void {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, 'Bad path');
    }
    if (rel === '/' || rel === '/index.html') {
      if (indexHtml === undefined) {
        const file = path.join(rendererDir, 'index.html');
        if (!fs.existsSync(file)) return sendText(res, 500, 'The app is not built: run `npm run build`.');
        indexHtml = fs.readFileSync(file, 'utf8');
      }
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' });
      res.end(indexHtml.replace('__TILLSIGHT_TOKEN__', token));
      return;
    }
    const file = path.resolve(rendererDir, '.' + path.posix.normalize(rel));
    if (!file.startsWith(path.resolve(rendererDir) + path.sep) || rel.includes('\0')) return sendText(res, 403, 'Forbidden');
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return sendText(res, 404, 'Not found');
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': st.size,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'Cache-Control': 'no-cache',
      });
      fs.createReadStream(file).pipe(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    port,
    openedDb: () => (db === opts.db ? undefined : db),
    close: async () => {
      await ctx.training?.close();
      await new Promise<void>((resolve) => {
        for (const res of sse) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** GET /api/download/<id>: a file the core made (a PDF report), as an attachment, by its id only. */
function sendDownload(req: http.IncomingMessage, res: http.ServerResponse, uploadDir: string, id: string): void {
  if (req.method !== 'GET') return sendJson(res, 405, { error: { code: 'bad-input', message: 'use GET' } });
  let file: { filePath: string; fileName: string };
  try {
    file = downloadFile(uploadDir, id);
  } catch (e) {
    const body = toErrorBody(e);
    return sendJson(res, body.error.code === 'not-found' ? 404 : 400, body);
  }
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.writeHead(200, {
    'Content-Type': 'application/pdf',
    'Content-Length': fs.statSync(file.filePath).size,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'Cache-Control': 'no-store',
  });
  fs.createReadStream(file.filePath).pipe(res);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_JSON) {
        reject(new ApiError('bad-input', 'the request is too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

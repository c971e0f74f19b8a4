import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiError } from './context.js';

/**
 * Files the core makes for the owner to save (PDF reports) wait in a `reports`
 * folder beside the uploads folder, under a random id: the id is all a client
 * can name, so no client-supplied path is ever written or read.
 */
export function reportsDir(uploadDir: string): string {
  return path.join(path.dirname(path.resolve(uploadDir)), 'reports');
}

/** Reports older than a day are gone by the next export: the folder never grows. */
const KEEP_MS = 24 * 3600 * 1000;

export function newDownload(uploadDir: string, fileName: string): { downloadId: string; filePath: string } {
  const dir = reportsDir(uploadDir);
  fs.mkdirSync(dir, { recursive: true });
  const now = Date.now();
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    try {
      if (now - fs.statSync(p).mtimeMs > KEEP_MS) fs.rmSync(p, { force: true });
    } catch {
      /* removed meanwhile */
    }
  }
  const downloadId = randomBytes(12).toString('hex');
  fs.writeFileSync(path.join(dir, `${downloadId}.name`), safeFileName(fileName));
  return { downloadId, filePath: path.join(dir, `${downloadId}.pdf`) };
}

export function safeFileName(name: string): string {
  return (
    path
      .basename(name)
      .replace(/[^\p{L}\p{N}.\- ()_]+/gu, '_')
      .slice(0, 120) || 'report.pdf'
  );
}

/** The file behind a download id, for the HTTP download and the desktop app's save dialog. */
export function downloadFile(uploadDir: string, downloadId: string): { filePath: string; fileName: string } {
  if (!/^[0-9a-f]{24}$/.test(downloadId)) throw new ApiError('bad-input', 'That download id is not valid.');
  const dir = reportsDir(uploadDir);
  const filePath = path.join(dir, `${downloadId}.pdf`);
  if (!fs.existsSync(filePath)) throw new ApiError('not-found', 'That report is gone; export it again.');
  return { filePath, fileName: fs.readFileSync(path.join(dir, `${downloadId}.name`), 'utf8') };
}

export function discardDownload(uploadDir: string, downloadId: string): void {
  const dir = reportsDir(uploadDir);
  for (const ext of ['.pdf', '.name']) fs.rmSync(path.join(dir, `${downloadId}${ext}`), { force: true });
}

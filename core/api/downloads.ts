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

/** A download id as newDownload makes them: 12 random bytes in hex. */
export const DOWNLOAD_ID = /^[0-9a-f]{24}$/;

/**
 * The file behind a download id, for the HTTP download and the desktop app's save dialog (the one
 * lookup both use). The id is all a client names; the file must be `<id>.pdf` in the reports folder
 * and, links resolved, still inside it, so a link planted there can't lead a save dialog outside.
 */
export function downloadFile(uploadDir: string, downloadId: unknown): { filePath: string; fileName: string } {
  if (typeof downloadId !== 'string' || !DOWNLOAD_ID.test(downloadId)) throw new ApiError('bad-input', 'That download id is not valid.');
  const gone = new ApiError('not-found', 'That report is gone; export it again.');
  let dir: string;
  let filePath: string;
  try {
    dir = fs.realpathSync(reportsDir(uploadDir));
    filePath = fs.realpathSync(path.join(dir, `${downloadId}.pdf`));
    if (!fs.statSync(filePath).isFile()) throw gone;
  } catch {
    throw gone;
  }
  const rel = path.relative(dir, filePath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw gone;
  let fileName = 'Tillsight report.pdf';
  try {
    fileName = safeFileName(fs.readFileSync(path.join(dir, `${downloadId}.name`), 'utf8').trim()) || fileName;
  } catch {
    // no name file: a plain name
  }
  return { filePath, fileName };
}

export function discardDownload(uploadDir: string, downloadId: string): void {
  const dir = reportsDir(uploadDir);
  for (const ext of ['.pdf', '.name']) fs.rmSync(path.join(dir, `${downloadId}${ext}`), { force: true });
}

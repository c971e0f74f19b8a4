/**
 * Finds the PDF a `reportExport` wrote, by its download id. The page names a download only by
 * that id; the file is looked up inside the reports folder and must resolve inside it, so no
 * path from the page is ever opened. Accepted layouts (what the report writer may choose):
 * `<id>.pdf`, `<id>-<name>.pdf`, or a folder `<id>/` holding one PDF; a `<id>.name` file, if
 * present, holds the name to suggest in the save dialog.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../core/api/index.js';

export const DOWNLOAD_ID = /^[A-Za-z0-9_-]{6,64}$/;

function insideDir(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function findDownload(reportsDir: string, downloadId: unknown): { filePath: string; fileName: string } {
  if (typeof downloadId !== 'string' || !DOWNLOAD_ID.test(downloadId)) throw new ApiError('bad-input', 'That download id is not valid.');
  const missing = new ApiError('not-found', 'That report is gone; export it again.');
  let root: string;
  let entries: string[];
  try {
    root = fs.realpathSync(reportsDir);
    entries = fs.readdirSync(root);
  } catch {
    throw missing;
  }
  const candidates: string[] = [];
  for (const name of entries) {
    if (name === `${downloadId}.pdf` || (name.startsWith(`${downloadId}-`) && name.toLowerCase().endsWith('.pdf'))) candidates.push(path.join(root, name));
    if (name === downloadId) {
      const sub = path.join(root, name);
      try {
        for (const inner of fs.readdirSync(sub)) if (inner.toLowerCase().endsWith('.pdf')) candidates.push(path.join(sub, inner));
      } catch {
        // not a folder
      }
    }
  }
  for (const candidate of candidates) {
    let real: string;
    try {
      real = fs.realpathSync(candidate);
      if (!fs.statSync(real).isFile()) continue;
    } catch {
      continue;
    }
    if (!insideDir(root, real)) continue;
    let fileName = path.basename(real);
    if (fileName.startsWith(`${downloadId}-`)) fileName = fileName.slice(downloadId.length + 1);
    if (fileName === `${downloadId}.pdf`) fileName = 'Tillsight report.pdf';
    try {
      const named = fs.readFileSync(path.join(root, `${downloadId}.name`), 'utf8').trim();
      if (named) fileName = path.basename(named);
    } catch {
      // no name file: the file's own name
    }
    return { filePath: real, fileName };
  }
  throw missing;
}

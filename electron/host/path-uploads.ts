/**
 * Imports from a file's real path: a file dropped on the window, chosen in the native dialog
 * or opened from the OS is not read into the page and sent back as bytes. The host gives it
 * an upload id like any upload (core/api/uploads.ts: `<id>.name` holds the name), but the
 * `<id>.bin` entry is a link to the file where it is, so preview and import read the original
 * and discarding the upload removes only the link. Where the OS refuses symbolic links
 * (Windows without developer mode) a hard link does (same volume), and only when both fail is
 * the file copied, by the host, never through the renderer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../core/api/index.js';
import { saveUpload } from '../../core/api/uploads.js';

export type LinkKind = 'symlink' | 'hardlink' | 'copy';

/** True when `file` is `dir` or inside it (both already resolved). */
function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * The checks a path gets before the host reads it: a string, absolute, an existing regular
 * file (links followed), not one of the app's own files or inside its folders (its database,
 * uploads and reports are not something to import). Returns the resolved path and its size.
 */
export function checkImportPath(filePath: unknown, protectedPaths: readonly string[]): { realPath: string; size: number } {
  if (typeof filePath !== 'string' || filePath.length === 0 || filePath.length > 4096 || filePath.includes('\0')) {
    throw new ApiError('bad-input', 'That is not a file path.');
  }
  if (!path.isAbsolute(filePath)) throw new ApiError('bad-input', 'A file to import must be named by its full path.');
  let realPath: string;
  let stat: fs.Stats;
  try {
    realPath = fs.realpathSync(filePath);
    stat = fs.statSync(realPath);
  } catch {
    throw new ApiError('not-found', `${path.basename(filePath)} is not there any more.`);
  }
  if (!stat.isFile()) throw new ApiError('bad-input', `${path.basename(filePath)} is a folder, not a file.`);
  for (const own of protectedPaths) {
    if (isInside(realDir(own), realPath)) throw new ApiError('refused', `${path.basename(filePath)} is one of Tillsight\u2019s own files.`);
  }
  return { realPath, size: stat.size };
}

export function linkPathUpload(
  uploadDir: string,
  filePath: unknown,
  protectedPaths: readonly string[],
): { uploadId: string; fileName: string; size: number; linked: LinkKind } {
  const { realPath, size } = checkImportPath(filePath, protectedPaths);
  const fileName = path.basename(realPath);
  // saveUpload makes the id and the name file (with its own name cleaning) and an empty .bin we replace.
  const { uploadId } = saveUpload(uploadDir, fileName, new Uint8Array(0));
  const bin = path.join(uploadDir, `${uploadId}.bin`);
  fs.rmSync(bin, { force: true });
  let linked: LinkKind;
  try {
    fs.symlinkSync(realPath, bin, 'file');
    linked = 'symlink';
  } catch {
    try {
      fs.linkSync(realPath, bin);
      linked = 'hardlink';
    } catch {
      fs.copyFileSync(realPath, bin);
      linked = 'copy';
    }
  }
  return { uploadId, fileName, size, linked };
}

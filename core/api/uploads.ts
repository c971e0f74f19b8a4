import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiError } from './context.js';

/**
 * Files handed over by a client wait here between preview and commit. The id is
 * random and is the only thing a client can name, so no client-supplied path is
 * ever opened. The original file name is kept for the batch record.
 */
export function saveUpload(uploadDir: string, fileName: string, data: Uint8Array): { uploadId: string } {
  fs.mkdirSync(uploadDir, { recursive: true });
  const uploadId = randomBytes(12).toString('hex');
  const safeName =
    path
      .basename(fileName)
      .replace(/[^\w.\- ()]+/g, '_')
      .slice(0, 120) || 'upload.csv';
  fs.writeFileSync(path.join(uploadDir, `${uploadId}.bin`), data);
  fs.writeFileSync(path.join(uploadDir, `${uploadId}.name`), safeName);
  return { uploadId };
}

export function uploadedFile(uploadDir: string, uploadId: string): { filePath: string; fileName: string } {
  if (!/^[0-9a-f]{24}$/.test(uploadId)) throw new ApiError('bad-input', 'That upload id is not valid.');
  const filePath = path.join(uploadDir, `${uploadId}.bin`);
  if (!fs.existsSync(filePath)) throw new ApiError('not-found', 'That upload is gone; drop the file again.');
  const fileName = fs.readFileSync(path.join(uploadDir, `${uploadId}.name`), 'utf8');
  return { filePath, fileName };
}

export function discardUpload(uploadDir: string, uploadId: string): void {
  for (const ext of ['.bin', '.name']) fs.rmSync(path.join(uploadDir, `${uploadId}${ext}`), { force: true });
}

/** For a streamed upload: where to write the bytes, under a fresh id. */
export function createUploadTarget(uploadDir: string, fileName: string): { uploadId: string; filePath: string } {
  const { uploadId } = saveUpload(uploadDir, fileName, new Uint8Array(0));
  return { uploadId, filePath: path.join(uploadDir, `${uploadId}.bin`) };
}

// Last step of the shell build (`npm run build:node`): puts the CommonJS preload emitted by
// electron/tsconfig.preload.json at dist/electron/preload.cjs, the path main.ts loads, and
// removes the ESM copy of preload.js that electron/tsconfig.json emits while type-checking.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scratch = path.join(root, 'dist', '.preload-cjs');
const emitted = path.join(scratch, 'electron', 'preload.js');
const target = path.join(root, 'dist', 'electron', 'preload.cjs');

if (!existsSync(emitted)) {
  process.stderr.write(`build-preload: ${path.relative(root, emitted)} is missing; run tsc -p electron/tsconfig.preload.json first.\n`);
  process.exit(1);
}
mkdirSync(path.dirname(target), { recursive: true });
renameSync(emitted, target);
rmSync(scratch, { recursive: true, force: true });
rmSync(path.join(root, 'dist', 'electron', 'preload.js'), { force: true });

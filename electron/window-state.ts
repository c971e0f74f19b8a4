/**
 * Where the window opens: the size and position it had when it was last closed, kept in
 * `window-state.json` in the data folder, and put back only where it is visible. A window
 * saved on a monitor that is gone, or partly off a screen that shrank, is moved onto a screen
 * and shrunk to fit it. `placeWindow` is pure (test/electron-shell.test.ts); main.ts
 * passes it the screens' work areas from Electron's `screen` module.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindow extends Rect {
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;
/** How much of the title-bar strip must lie on a screen for the window to count as reachable. */
const GRIP = { width: 120, height: 40 } as const;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The saved state if it is well-formed (a hand-edited or truncated file counts as none). */
export function parseSavedWindow(raw: unknown): SavedWindow | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (![r.x, r.y, r.width, r.height].every(finite)) return null;
  const width = Math.round(r.width as number);
  const height = Math.round(r.height as number);
  if (width <= 0 || height <= 0 || width > 100_000 || height > 100_000) return null;
  return { x: Math.round(r.x as number), y: Math.round(r.y as number), width, height, maximized: r.maximized === true };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

/**
 * The bounds to open the window with. `workAreas` are the screens' usable areas (without
 * task bars and docks), the primary screen first. With nothing saved, or a saved window whose
 * title bar is on no screen, it opens at the default size, centred on the primary screen.
 * Otherwise it keeps its place on the screen holding most of it, shrunk to that screen if
 * needed (never below the minimum size when the screen allows it) and moved inside it.
 */
export function placeWindow(saved: SavedWindow | null, workAreas: readonly Rect[]): SavedWindow {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  const fresh = (): SavedWindow => ({ ...centred(DEFAULT_SIZE, primary), maximized: false });
  if (!saved) return fresh();
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: Math.min(saved.height, GRIP.height) };
  const reachable = workAreas.some((a) => {
    const w = Math.min(titleBar.x + titleBar.width, a.x + a.width) - Math.max(titleBar.x, a.x);
    const h = Math.min(titleBar.y + titleBar.height, a.y + a.height) - Math.max(titleBar.y, a.y);
    return w >= Math.min(GRIP.width, titleBar.width) && h >= Math.min(GRIP.height, titleBar.height) / 2;
  });
  if (!reachable) return { ...fresh(), maximized: saved.maximized };
  let area = workAreas[0];
  for (const a of workAreas) if (overlap(saved, a) > overlap(saved, area)) area = a;
  const width = Math.min(Math.max(saved.width, Math.min(MIN_SIZE.width, area.width)), area.width);
  const height = Math.min(Math.max(saved.height, Math.min(MIN_SIZE.height, area.height)), area.height);
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - height);
  return { x, y, width, height, maximized: saved.maximized };
}

export const WINDOW_STATE_FILE = 'window-state.json';

export function readSavedWindow(dir: string): SavedWindow | null {
  try {
    return parseSavedWindow(JSON.parse(fs.readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8')));
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed, so a crash mid-write leaves the old state, not half a file. */
export function writeSavedWindow(dir: string, state: SavedWindow): void {
  const file = path.join(dir, WINDOW_STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  fs.renameSync(tmp, file);
}

// The pure parts of the desktop shell, under plain Node: the menu model (per platform and
// state) and the template Electron gets from it, where the window opens (saved state clamped
// to the screens there are), which command-line arguments are files to import, and what the
// native dialogs say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { aboutText, closePrompt, DATA_CREDITS, undoPrompt } from '../electron/dialog-texts.js';
import type { BusyTask } from '../electron/host/protocol.js';
import { importPathsFromArgv, PendingFiles } from '../electron/launch-files.js';
import { actionsOf, isMenuAction, MENU_ACTIONS, menuModel, PAGE_ACTIONS, toTemplate, type MenuNode, type MenuState } from '../electron/menu.js';
import { DEFAULT_SIZE, MIN_SIZE, parseSavedWindow, placeWindow, readSavedWindow, writeSavedWindow, type Rect } from '../electron/window-state.js';

const linux: MenuState = { platform: 'linux', appName: 'Tillsight', isPackaged: true, busy: false };
const mac: MenuState = { ...linux, platform: 'darwin' };

const topLabels = (m: MenuNode[]) => m.map((n) => (n.kind === 'submenu' ? n.label : n.kind === 'role' ? `role:${n.role}` : n.kind));
const submenu = (m: MenuNode[], label: string) => {
  const s = m.find((n) => n.kind === 'submenu' && n.label === label);
  assert.ok(s && s.kind === 'submenu', `menu ${label}`);
  return s.items;
};
const roles = (items: MenuNode[]): string[] => items.flatMap((n) => (n.kind === 'role' ? [n.role] : n.kind === 'submenu' ? roles(n.items) : []));

test('menu: the usual menus and shortcuts on Windows and Linux', () => {
  const m = menuModel(linux);
  assert.deepEqual(topLabels(m), ['&File', 'role:editMenu', '&View', 'role:windowMenu', '&Help']);
  const byAction = new Map(actionsOf(m).map((a) => [a.action, a]));
  assert.deepEqual([...byAction.keys()].sort(), [...MENU_ACTIONS].sort(), 'every action has exactly one item');
  assert.equal(byAction.get('import')!.accelerator, 'CmdOrCtrl+O');
  assert.equal(byAction.get('export-pdf')!.accelerator, 'CmdOrCtrl+P');
  assert.equal(byAction.get('reload')!.accelerator, 'CmdOrCtrl+R');
  assert.equal(byAction.get('undo-import')!.accelerator, undefined, 'undoing an import is never one keystroke away');
  assert.match(byAction.get('import')!.label, /Import files\u2026/);
  assert.match(byAction.get('export-pdf')!.label, /Export PDF\u2026/);
  assert.ok(
    actionsOf(submenu(m, '&Help')).some((a) => a.action === 'about'),
    'About is under Help',
  );
  assert.ok(roles(submenu(m, '&File')).includes('quit'));
  // No two items share a shortcut.
  const keys = actionsOf(m).flatMap((a) => (a.accelerator ? [a.accelerator] : []));
  assert.equal(new Set(keys).size, keys.length);
  assert.ok(!roles(m).includes('toggleDevTools'), 'no developer tools in a packaged app');
  assert.ok(roles(menuModel({ ...linux, isPackaged: false })).includes('toggleDevTools'));
});

test('menu: macOS has the app menu (About, Services, Hide, Quit) and no Help/About duplicate', () => {
  const m = menuModel(mac);
  const first = m[0];
  assert.ok(first.kind === 'submenu' && first.role === 'appMenu' && first.label === 'Tillsight');
  assert.equal(actionsOf(first.items)[0].action, 'about');
  assert.deepEqual(roles(first.items), ['services', 'hide', 'hideOthers', 'unhide', 'quit']);
  assert.ok(!topLabels(m).includes('&Help'));
  assert.equal(actionsOf(m).filter((a) => a.action === 'about').length, 1);
  assert.ok(roles(submenu(m, '&File')).includes('close') && !roles(submenu(m, '&File')).includes('quit'), 'File has Close; Quit is in the app menu');
  assert.ok(topLabels(m).includes('role:editMenu'), 'copy and paste need an Edit menu on macOS');
});

test('menu: while long work runs, undo and retrain wait; the rest stays available', () => {
  const busy = new Map(actionsOf(menuModel({ ...linux, busy: true })).map((a) => [a.action, a.enabled]));
  assert.equal(busy.get('undo-import'), false);
  assert.equal(busy.get('retrain'), false);
  for (const a of ['import', 'export-pdf', 'reload', 'about', 'theme-dark'] as const) assert.equal(busy.get(a), true, a);
  assert.ok(
    actionsOf(menuModel(linux)).every((a) => a.enabled),
    'all enabled when idle',
  );
});

test('menu: the template Electron gets clicks through to the right action', () => {
  const seen: string[] = [];
  const template = toTemplate(menuModel(mac), (a) => seen.push(a));
  const items = (t: typeof template): typeof template => t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
  const all = items(template);
  for (const action of MENU_ACTIONS) {
    const item = all.find((i) => i.id === action);
    assert.ok(item, action);
    (item.click as () => void)();
  }
  assert.deepEqual(seen, [...MENU_ACTIONS]);
  assert.ok(all.some((i) => i.type === 'separator'));
  assert.equal(all.find((i) => i.id === 'import')!.accelerator, 'CmdOrCtrl+O');
  assert.equal(template[0].role, 'appMenu');
  assert.ok(isMenuAction('reload') && !isMenuAction('rm') && !isMenuAction(undefined));
  assert.ok([...PAGE_ACTIONS].every((a) => (MENU_ACTIONS as readonly string[]).includes(a)));
});

const screen1: Rect = { x: 0, y: 0, width: 1920, height: 1040 }; // a task bar below
const screen2: Rect = { x: 1920, y: 0, width: 1280, height: 1024 }; // to the right

test('window: first run opens at the default size, centred on the primary screen', () => {
  const p = placeWindow(null, [screen1, screen2]);
  assert.deepEqual(p, { x: (1920 - DEFAULT_SIZE.width) / 2, y: (1040 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE, maximized: false });
  const small = placeWindow(null, [{ x: 0, y: 0, width: 1024, height: 700 }]);
  assert.deepEqual([small.width, small.height], [1024, 700], 'never larger than the screen');
});

test('window: a saved place on a screen that is still there is kept as it was', () => {
  const saved = { x: 2000, y: 50, width: 1100, height: 900, maximized: false };
  assert.deepEqual(placeWindow(saved, [screen1, screen2]), saved);
  assert.deepEqual(placeWindow({ ...saved, maximized: true }, [screen1, screen2]).maximized, true);
});

test('window: the second monitor unplugged, the window comes back onto the primary screen', () => {
  const p = placeWindow({ x: 2000, y: 50, width: 1100, height: 900, maximized: false }, [screen1]);
  assert.deepEqual(p, { x: (1920 - DEFAULT_SIZE.width) / 2, y: (1040 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE, maximized: false });
});

test('window: partly off screen, or larger than a screen that shrank: moved inside and shrunk to fit', () => {
  const p = placeWindow({ x: 1500, y: 900, width: 1000, height: 600, maximized: false }, [screen1]);
  assert.deepEqual(p, { x: 920, y: 440, width: 1000, height: 600, maximized: false });
  const huge = placeWindow({ x: 100, y: 100, width: 3000, height: 2000, maximized: false }, [screen1]);
  assert.deepEqual(huge, { x: 0, y: 0, width: 1920, height: 1040, maximized: false });
  const tiny = placeWindow({ x: 10, y: 10, width: 200, height: 100, maximized: false }, [screen1]);
  assert.deepEqual([tiny.width, tiny.height], [MIN_SIZE.width, MIN_SIZE.height], 'grown to the minimum');
  // Above the top of the screen (title bar unreachable): back to the default place.
  const above = placeWindow({ x: 100, y: -2000, width: 1000, height: 800, maximized: false }, [screen1]);
  assert.equal(above.y, (1040 - DEFAULT_SIZE.height) / 2);
});

test('window: negative coordinates (a screen left of the primary) are honoured', () => {
  const left: Rect = { x: -1600, y: 0, width: 1600, height: 900 };
  const saved = { x: -1500, y: 100, width: 1200, height: 700, maximized: false };
  assert.deepEqual(placeWindow(saved, [screen1, left]), saved);
  const straddling = placeWindow({ x: -300, y: 100, width: 1000, height: 700, maximized: false }, [screen1, left]);
  assert.equal(straddling.x, 0, 'moved onto the screen that holds most of it (the primary)');
});

test('window: the state file round-trips, and a damaged one counts as none', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tillsight-window-'));
  try {
    assert.equal(readSavedWindow(dir), null);
    writeSavedWindow(dir, { x: 10.4, y: 20, width: 1000, height: 700, maximized: true });
    assert.deepEqual(readSavedWindow(dir), { x: 10, y: 20, width: 1000, height: 700, maximized: true });
    assert.deepEqual(fs.readdirSync(dir), ['window-state.json'], 'no temporary file left behind');
    fs.writeFileSync(path.join(dir, 'window-state.json'), '{"x": 1, "y": 2, "wid');
    assert.equal(readSavedWindow(dir), null);
    for (const bad of [null, [], { x: 1, y: 2, width: -5, height: 100 }, { x: 'a', y: 2, width: 5, height: 5 }, { x: 1, y: 2, width: Infinity, height: 5 }]) {
      assert.equal(parseSavedWindow(bad), null, JSON.stringify(bad));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('launch files: CSVs named on the command line, not switches, their values or the app folder', () => {
  const cwd = path.resolve('/home/owner');
  assert.deepEqual(
    importPathsFromArgv(
      ['.', '--db', 'shop.csv', '--user-data-dir=/tmp/x', 'Sales.CSV', 'stock.tsv', 'notes.txt', 'report.pdf', '/abs/a.csv', 'Sales.CSV', '--inspect=0'],
      cwd,
    ),
    [path.join(cwd, 'Sales.CSV'), path.join(cwd, 'stock.tsv'), path.join(cwd, 'notes.txt'), path.resolve('/abs/a.csv')],
  );
  assert.deepEqual(importPathsFromArgv(['/opt/Tillsight/tillsight', '--allow-file-access-from-files'], cwd), []);
  const pending = new PendingFiles();
  pending.add('/a.csv', '/b.csv', '/a.csv');
  assert.equal(pending.size, 2);
  assert.deepEqual(pending.take(), ['/a.csv', '/b.csv']);
  assert.deepEqual(pending.take(), []);
});

test("dialogs: About shows the version, where the data is, and the data's credits", () => {
  const t = aboutText({
    appName: 'Tillsight',
    version: '0.1.0',
    electron: '45.4.1',
    chrome: '142',
    node: '22.20.0',
    dbPath: '/home/o/.config/Tillsight/tillsight.db',
    dataDir: '/home/o/.config/Tillsight',
  });
  assert.equal(t.message, 'Tillsight 0.1.0');
  assert.match(t.detail, /Database: \/home\/o\/\.config\/Tillsight\/tillsight\.db/);
  assert.match(t.detail, /Data folder: \/home\/o\/\.config\/Tillsight/);
  assert.ok(t.detail.includes(DATA_CREDITS));
  assert.match(DATA_CREDITS, /Online Retail/);
  assert.match(DATA_CREDITS, /Chen, Sai Liang Sain and Kun Guo/);
  assert.match(DATA_CREDITS, /2015/);
  assert.match(DATA_CREDITS, /CC BY 4\.0/);
  assert.match(t.detail, /Electron 45\.4\.1/);
});

test('dialogs: closing during long work offers wait / stop / keep working, and only what can be done', () => {
  const task = (label: string, cancellable: boolean): BusyTask => ({ taskId: label, method: 'x', label, cancellable, startedAt: 0 });
  const imp = closePrompt([task('an import', true)]);
  assert.equal(imp.message, 'Tillsight is busy with an import.');
  assert.deepEqual(imp.choices, ['wait', 'cancel', 'stay']);
  assert.equal(imp.buttons.length, 3);
  assert.equal(imp.cancelId, 2, 'Escape keeps working');
  assert.equal(imp.defaultId, 0, 'Enter waits: nothing is lost');
  const undo = closePrompt([task('undoing an import', false)]);
  assert.deepEqual(undo.choices, ['wait', 'stay'], 'an undo cannot be stopped halfway, so it is not offered');
  assert.equal(undo.cancelId, 1);
  const two = closePrompt([task('an import', true), task('training the models', true), task('an import', true)]);
  assert.equal(two.message, 'Tillsight is busy with an import and training the models.');
  const u = undoPrompt({ file: 'sales.csv', rowsImported: 12345, importedAt: '2026-12-01 10:00' });
  assert.match(u.message, /sales\.csv/);
  assert.match(u.detail, /12,345 rows/);
});

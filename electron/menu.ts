/**
 * The application menu as data: `menuModel(state)` describes it (labels, shortcuts, what is
 * enabled), `toTemplate(model, dispatch)` turns it into Electron's template. Both are pure
 * (the Electron import is type-only), so test/electron-shell.test.ts checks the menus of each
 * platform and state under plain Node; main.ts only calls Menu.buildFromTemplate on the result.
 *
 * Menu actions either reach the page (one whitelisted event, `window.tillsight.onMenu`) or are
 * done by main through the core host (undo, retrain, about); see main.ts `runMenuAction`.
 */
import type { MenuItemConstructorOptions } from 'electron';

export const MENU_ACTIONS = ['import', 'export-pdf', 'undo-import', 'retrain', 'reload', 'theme-light', 'theme-dark', 'theme-system', 'about'] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

/** The actions the page handles itself (sent over tillsight:menu); the others are main's. */
export const PAGE_ACTIONS: ReadonlySet<MenuAction> = new Set<MenuAction>(['export-pdf', 'reload', 'theme-light', 'theme-dark', 'theme-system']);

export function isMenuAction(v: unknown): v is MenuAction {
  return typeof v === 'string' && (MENU_ACTIONS as readonly string[]).includes(v);
}

/** Electron's built-in roles this menu uses. */
export type MenuRole =
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'editMenu'
  | 'windowMenu'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'toggleDevTools'
  | 'forceReload';

export type MenuNode =
  | { kind: 'action'; action: MenuAction; label: string; accelerator?: string; enabled: boolean }
  | { kind: 'role'; role: MenuRole; label?: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; role?: 'appMenu' | 'fileMenu' | 'viewMenu' | 'windowMenu' | 'help'; items: MenuNode[] };

export interface MenuState {
  platform: string;
  appName: string;
  /** Development builds keep the developer tools and a window reload. */
  isPackaged: boolean;
  /** Long work in flight (an import, a training, …): undo and retrain wait. */
  busy: boolean;
}

const sep: MenuNode = { kind: 'separator' };
const act = (action: MenuAction, label: string, enabled = true, accelerator?: string): MenuNode =>
  accelerator ? { kind: 'action', action, label, enabled, accelerator } : { kind: 'action', action, label, enabled };

export function menuModel(state: MenuState): MenuNode[] {
  const mac = state.platform === 'darwin';
  const about = act('about', `About ${state.appName}`);
  const file: MenuNode[] = [
    act('import', 'Import files\u2026', true, 'CmdOrCtrl+O'),
    act('export-pdf', 'Export PDF\u2026', true, 'CmdOrCtrl+P'),
    sep,
    act('undo-import', 'Undo last import\u2026', !state.busy),
    act('retrain', 'Retrain models', !state.busy),
    sep,
    mac ? { kind: 'role', role: 'close' } : { kind: 'role', role: 'quit', label: 'Quit' },
  ];
  const view: MenuNode[] = [
    act('reload', 'Reload data', true, 'CmdOrCtrl+R'),
    ...(state.isPackaged
      ? []
      : [{ kind: 'role', role: 'forceReload', label: 'Reload window' } as MenuNode, { kind: 'role', role: 'toggleDevTools' } as MenuNode]),
    sep,
    {
      kind: 'submenu',
      label: 'Theme',
      items: [act('theme-light', 'Light'), act('theme-dark', 'Dark'), act('theme-system', 'Same as the system')],
    },
    sep,
    { kind: 'role', role: 'resetZoom' },
    { kind: 'role', role: 'zoomIn' },
    { kind: 'role', role: 'zoomOut' },
    sep,
    { kind: 'role', role: 'togglefullscreen' },
  ];
  return [
    ...(mac
      ? [
          {
            kind: 'submenu',
            label: state.appName,
            role: 'appMenu',
            items: [
              about,
              sep,
              { kind: 'role', role: 'services' },
              sep,
              { kind: 'role', role: 'hide' },
              { kind: 'role', role: 'hideOthers' },
              { kind: 'role', role: 'unhide' },
              sep,
              { kind: 'role', role: 'quit' },
            ],
          } as MenuNode,
        ]
      : []),
    { kind: 'submenu', label: '&File', items: file },
    { kind: 'role', role: 'editMenu' },
    { kind: 'submenu', label: '&View', items: view },
    { kind: 'role', role: 'windowMenu' },
    ...(mac ? [] : [{ kind: 'submenu', label: '&Help', items: [about] } as MenuNode]),
  ];
}

/** Every action node of a model, depth first (for tests and for finding an item by its action). */
export function actionsOf(model: readonly MenuNode[]): Array<Extract<MenuNode, { kind: 'action' }>> {
  return model.flatMap((n) => (n.kind === 'action' ? [n] : n.kind === 'submenu' ? actionsOf(n.items) : []));
}

/** Electron's template for a model; clicking an action calls `dispatch(action)`. */
export function toTemplate(model: readonly MenuNode[], dispatch: (action: MenuAction) => void): MenuItemConstructorOptions[] {
  return model.map((n): MenuItemConstructorOptions => {
    switch (n.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'role':
        return n.label ? { role: n.role, label: n.label } : { role: n.role };
      case 'submenu':
        // appMenu tells macOS this is the application menu; its items are still ours.
        return { label: n.label, ...(n.role ? { role: n.role } : {}), submenu: toTemplate(n.items, dispatch) };
      case 'action':
        return {
          id: n.action,
          label: n.label,
          enabled: n.enabled,
          ...(n.accelerator ? { accelerator: n.accelerator } : {}),
          click: () => dispatch(n.action),
        };
    }
  });
}

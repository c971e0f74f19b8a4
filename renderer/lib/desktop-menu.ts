/**
 * The desktop app's menu actions, for any component: `useMenuEvents(transport, actions, handler)`
 * calls `handler` for the menu events whose action it names (File > Export PDF…, View > Reload
 * data, the theme, files handed over by the OS…). Under `tillsight serve` there is no menu and
 * nothing is called. An event that arrives before any component takes its action (a file opened
 * with the app, at launch) is kept until one does, whichever component mounts first.
 */
import { useEffect, useRef } from 'react';
import type { Transport } from '../../common/api.js';
import { desktopExtras, type MenuEvent } from '../transport/index.js';

type Action = MenuEvent['action'];
type Listener = { actions: ReadonlySet<Action>; handle(e: MenuEvent): void };

const listeners = new Set<Listener>();
const waiting: MenuEvent[] = [];
let detach: (() => void) | null = null;

function dispatch(e: MenuEvent): void {
  const takers = [...listeners].filter((l) => l.actions.has(e.action));
  if (takers.length === 0) waiting.push(e);
  for (const l of takers) l.handle(e);
}

export function useMenuEvents(transport: Transport, actions: readonly Action[], handler: (e: MenuEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  const key = actions.join(',');
  useEffect(() => {
    const desktop = desktopExtras(transport);
    if (!desktop) return;
    detach ??= desktop.onMenu(dispatch);
    const listener: Listener = { actions: new Set(key.split(',') as Action[]), handle: (e) => ref.current(e) };
    listeners.add(listener);
    for (let i = 0; i < waiting.length;) {
      if (listener.actions.has(waiting[i].action)) listener.handle(waiting.splice(i, 1)[0]);
      else i++;
    }
    return () => {
      listeners.delete(listener);
    };
  }, [transport, key]);
}

/**
 * The host's line to the process that started it. In Electron the host is a utilityProcess
 * and talks over `process.parentPort` (messages arrive as MessageEvents, `.data` holds them);
 * under plain Node (the tests, or any Node that forks it) it is a `child_process.fork` child
 * with an IPC channel (`serialization: 'advanced'`, so bytes stay Uint8Arrays). Same
 * messages either way.
 */
interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface ParentLink {
  kind: 'utility-process' | 'node-fork';
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away (fork only; Electron ends a utility process with its app). */
  onGone(listener: () => void): void;
}

export function connectToParent(): ParentLink | null {
  const port = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (port && typeof port.postMessage === 'function') {
    return {
      kind: 'utility-process',
      post: (m) => port.postMessage(m),
      onMessage: (listener) => void port.on('message', (e) => listener(e.data)),
      onGone: () => {},
    };
  }
  if (typeof process.send === 'function') {
    return {
      kind: 'node-fork',
      post: (m) => {
        if (process.connected) process.send!(m);
      },
      onMessage: (listener) => void process.on('message', listener),
      onGone: (listener) => void process.on('disconnect', listener),
    };
  }
  return null;
}

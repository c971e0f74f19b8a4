/** Hash routes: #/executive, #/operations, … with optional ?query after the path. */
import { useEffect, useState } from 'react';

export const ROUTES = ['executive', 'operations', 'inventory', 'customers', 'imports', 'models'] as const;
export type Route = (typeof ROUTES)[number];

export function parseHash(hash: string): { route: Route; params: URLSearchParams } {
  const h = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = h.split('?');
  const route = (ROUTES as readonly string[]).includes(path) ? (path as Route) : 'executive';
  return { route, params: new URLSearchParams(query) };
}

export function useRoute(): { route: Route; params: URLSearchParams } {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parseHash(hash);
}

export function navigate(route: Route, params?: Record<string, string>): void {
  const q = params ? new URLSearchParams(params).toString() : '';
  location.hash = `#/${route}${q ? `?${q}` : ''}`;
}

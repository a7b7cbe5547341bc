import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/patrol`, `#/tasks/door/<id>`, `#/report?patrolId=…`): the shell is one page
 * that the service worker serves offline, whatever the route.
 */
export interface Route {
  path: string[];
  params: URLSearchParams;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const currentHash = () => window.location.hash;

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { path: path.split('/').filter(Boolean), params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentHash, currentHash));
}

export function navigate(to: string, params?: Record<string, string | null | undefined>): void {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value) {
      query.set(key, value);
    }
  }
  const text = query.toString();
  window.location.hash = `/${to}${text ? `?${text}` : ''}`;
}

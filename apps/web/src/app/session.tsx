import { createContext, useContext, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { adminRoles, type Me } from '@lastmile/shared';
import { api, ApiError, handleUnauthenticated, setCsrfToken } from '../lib/api';

const meKey = ['me'] as const;

/** The signed-in user, or null when nobody is. */
const SessionContext = createContext<Me | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return async (username: string, password: string) => {
    const me = await api.post<Me>('/auth/login', { username, password });
    setCsrfToken(me.csrfToken);
    queryClient.setQueryData(meKey, me);
  };
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return async () => {
    await api.post('/auth/logout').catch(() => undefined);
    setCsrfToken(undefined);
    queryClient.setQueryData(meKey, null);
    // Nothing of the last user's data stays in memory for the next one.
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  };
}

/** Loads the session once; renders `signedOut` until somebody signs in. */
export function SessionProvider(props: { children: ReactNode; signedOut: ReactNode; loading: ReactNode }) {
  const queryClient = useQueryClient();
  handleUnauthenticated(() => queryClient.setQueryData(meKey, null));
  const { data, isPending } = useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity, retry: 1 });
  if (isPending) {
    return props.loading;
  }
  if (!data) {
    return props.signedOut;
  }
  return <SessionContext.Provider value={data}>{props.children}</SessionContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) {
    throw new Error('useMe outside a signed-in session');
  }
  return me;
}

export function isAdmin(me: Me): boolean {
  return adminRoles.includes(me.role);
}

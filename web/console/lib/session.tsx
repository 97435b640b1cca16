/**
 * Who is signed in: `GET /api/auth/session` once at start, again after login (it answers 200
 * `{signedIn:false}` when nobody is, so a signed-out start logs no failed request). Navigation and page
 * actions are shown by role (the server still checks every call: hiding a button is comfort,
 * not security).
 */
import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { isRootPath } from '../../../worker/lib/unit-path';
import { ApiError, quietApi, type Reply } from './api';

/** Who is signed in, as `GET /api/auth/session` says it. */
export type Me = Omit<Extract<Reply<'/api/auth/session'>, { signedIn: true }>, 'signedIn'>;
export type Grant = Me['grants'][number];
/** Staff roles, as in `worker/db/schema/auth.ts`. */
export type Role = Grant['role'];

interface SessionValue {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
  /** True when any grant has one of the roles (on any unit). */
  hasRole: (...roles: Role[]) => boolean;
  /** True when a grant on a root unit has one of the roles (the server's `authorizeRoot`). */
  hasRootRole: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<SessionValue>({
  me: undefined,
  refresh: async () => null,
  logout: async () => {},
  hasRole: () => false,
  hasRootRole: () => false,
});

/** Loads and provides the session. */
export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      const s = await quietApi.GET('/api/auth/session');
      const m = s.signedIn ? { user: s.user, grants: s.grants } : null;
      setMe(m);
      return m;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        setMe(null);
        return null;
      }
      throw e;
    }
  }, []);
  const logout = useCallback(async () => {
    try {
      await quietApi.POST('/api/auth/logout');
    } finally {
      setMe(null);
    }
  }, []);
  useEffect(() => {
    refresh().catch(() => setMe(null));
  }, [refresh]);
  const value = useMemo<SessionValue>(
    () => ({
      me,
      refresh,
      logout,
      hasRole: (...roles) => !!me?.grants.some((g) => roles.includes(g.role)),
      hasRootRole: (...roles) => !!me?.grants.some((g) => roles.includes(g.role) && isRootPath(g.unitPath)),
    }),
    [me, refresh, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/**
 * True when `me` holds one of `roles` on the unit at `unitPath` or an ancestor (as the server's
 * `can()`): used to show admin actions only where they will be allowed.
 */
export function canOn(me: Me | null | undefined, roles: readonly Role[], unitPath: string): boolean {
  return !!me?.grants.some((g) => roles.includes(g.role) && unitPath.startsWith(g.unitPath));
}

/** The session: `me`, `refresh()`, `logout()`, `hasRole(...)`. */
export function useSession(): SessionValue {
  return useContext(SessionContext);
}

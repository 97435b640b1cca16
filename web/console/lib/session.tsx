/**
 * Who is signed in: `GET /api/auth/session` once at start, again after login (it answers 200
 * `{signedIn:false}` when nobody is, so a signed-out start logs no failed request). Navigation and page
 * actions are shown by role (the server still checks every call: hiding a button is comfort,
 * not security).
 */
import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api } from './api';

/** Staff roles, as in `worker/db/schema/auth.ts`. */
export type Role =
  | 'admin'
  | 'form_designer'
  | 'case_intake'
  | 'case_handler'
  | 'board_viewer'
  | 'ward_reporter'
  | 'counting_board';

export interface Grant {
  id?: string;
  role: Role;
  unitId: string;
  unitName: string;
  unitPath: string;
}

export interface Me {
  user: { id: string; email: string; name: string; totpEnabled?: boolean };
  grants: Grant[];
}

interface SessionValue {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
  /** True when any grant has one of the roles (on any unit). */
  hasRole: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<SessionValue>({
  me: undefined,
  refresh: async () => null,
  logout: async () => {},
  hasRole: () => false,
});

/** Loads and provides the session. */
export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      const s = await api<({ signedIn: true } & Me) | { signedIn: false }>('/api/auth/session', {
        quiet401: true,
      });
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
      await api('/api/auth/logout', { method: 'POST', quiet401: true });
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

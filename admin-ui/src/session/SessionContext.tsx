import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../api/missing-paths';
import { acceptInvitation, closeSession, onSessionEnded, openSession, refreshSession } from './tokens';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; info: SessionInfo };

interface SessionApi {
  state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Accepts a staff invitation and signs the new account in. */
  accept(token: string, fullName: string, password: string): Promise<void>;
  /** Whether the signed-in role has an admin permission (content, users, ...). */
  can(permission: string): boolean;
  /** Whether the role may call a plugin's admin route (`POST /admin/v1/accelerator/applications/{id}/scores`). */
  mayCall(route: string): boolean;
}

const Context = createContext<SessionApi | null>(null);

/** Restores the session from the refresh cookie on load; the rest of the app sees who is signed in. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const queryClient = useQueryClient();

  useEffect(() => {
    let live = true;
    refreshSession().then(
      (opened) => live && setState(opened ? { status: 'signed-in', info: opened } : { status: 'signed-out' }),
      () => live && setState({ status: 'signed-out', notice: 'The server cannot be reached.' }),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(
    () =>
      onSessionEnded(() => {
        queryClient.clear();
        setState({ status: 'signed-out', notice: 'Your session ended; sign in again.' });
      }),
    [queryClient],
  );

  const signIn = useCallback(async (email: string, password: string) => {
    setState({ status: 'signed-in', info: await openSession(email, password) });
  }, []);
  const accept = useCallback(async (token: string, fullName: string, password: string) => {
    setState({ status: 'signed-in', info: await acceptInvitation(token, fullName, password) });
  }, []);
  const signOut = useCallback(async () => {
    await closeSession();
    queryClient.clear(); // the next person to sign in here must not see this one's data, even briefly
    setState({ status: 'signed-out', notice: 'You are signed out.' });
  }, [queryClient]);
  const value = useMemo<SessionApi>(
    () => ({
      state,
      signIn,
      signOut,
      accept,
      can: (permission) => state.status === 'signed-in' && state.info.permissions.includes(permission),
      mayCall: (route) => state.status === 'signed-in' && (state.info.routes ?? []).includes(route),
    }),
    [state, signIn, signOut, accept],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(Context);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

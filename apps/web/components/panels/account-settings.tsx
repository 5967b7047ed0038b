'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { errorMessage } from '../../lib/format';
import styles from './panels.module.css';

/** The web server's own endpoints (server/web-server.ts), not tRPC: they are about the browser. */
const ACCOUNT_URL = '/api/account';
const LOGOUT_URL = '/logout';
const LOGOUT_EVERYWHERE_URL = '/logout/everywhere';

interface Account {
  mode: 'local' | 'cloudflare';
  /** An email behind Cloudflare Access, "local" otherwise: who logged in, for display only. */
  label: string;
}

async function logOut(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST' });
  if (!res.ok) throw new Error(`logging out failed (HTTP ${res.status})`);
  const { next } = (await res.json()) as { next?: string };
  location.assign(next ?? '/');
}

/**
 * Who is logged in, and the way out: "Log out" revokes this browser's session on the server;
 * "Log out everywhere" revokes every session issued until now (a lost phone, a shared machine).
 */
export function AccountSettings() {
  const headingId = useId();
  const account = useQuery({
    queryKey: ['web-account'],
    queryFn: async () => {
      const res = await fetch(ACCOUNT_URL);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as Account;
    },
    staleTime: Infinity,
  });
  const logout = useMutation({ mutationFn: logOut });
  const who = account.data
    ? account.data.mode === 'cloudflare'
      ? `Signed in as ${account.data.label} (Cloudflare Access).`
      : 'Signed in with the local login link.'
    : '';

  return (
    <section aria-labelledby={headingId}>
      <p className={styles.section} id={headingId}>
        Account
      </p>
      <p className="muted">{who}</p>
      <div className={styles.row}>
        <button disabled={logout.isPending} onClick={() => logout.mutate(LOGOUT_URL)}>
          Log out
        </button>
        <button
          className="danger"
          disabled={logout.isPending}
          onClick={() => {
            if (confirm('Log out every browser and device, this one included?'))
              logout.mutate(LOGOUT_EVERYWHERE_URL);
          }}
        >
          Log out everywhere
        </button>
      </div>
      {logout.error && <p className="error-text">{errorMessage(logout.error)}</p>}
    </section>
  );
}

'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { HomeClients, newQueryClient, type HostClients } from '../lib/host-scope';
import { createRdvClient } from '../lib/trpc';

/** React Query + the tRPC client of this machine, one of each per page (hosts get theirs in HostScope). */
export function Providers({ children }: { children: ReactNode }) {
  const [clients] = useState<HostClients>(() => ({
    ...createRdvClient(),
    queryClient: newQueryClient(),
  }));
  useEffect(() => () => void clients.ws.close(), [clients]);
  return <HomeClients clients={clients}>{children}</HomeClients>;
}

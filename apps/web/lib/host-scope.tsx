'use client';

// The fleet in the dashboard: every component reads its tRPC client from the nearest host scope,
// so one component (a terminal, a dialog, a panel) works on any host as it does at home. A host
// has its own client (HTTP and WebSocket at /api/hosts/<name>/) and its own query cache, since
// tRPC's query keys name the procedure, not the machine.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { createRdvClient, TRPCProvider, type RdvClient, type WsClient } from './trpc';

export interface HostClients {
  client: RdvClient;
  ws: WsClient;
  queryClient: QueryClient;
}

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

/** The page's clients of each host, made on first use and kept for the page's life. */
const hostClients = new Map<string, HostClients>();

export function clientsOf(host: string): HostClients {
  let clients = hostClients.get(host);
  if (!clients) {
    clients = { ...createRdvClient(host), queryClient: newQueryClient() };
    hostClients.set(host, clients);
  }
  return clients;
}

const HostContext = createContext<string | null>(null);
const HomeContext = createContext<HostClients | null>(null);

/** The host the component works on: null for this machine. */
export function useHost(): string | null {
  return useContext(HostContext);
}

/** This machine's clients, for the page's outermost providers and for going back home inside a host's scope. */
export function HomeClients({ clients, children }: { clients: HostClients; children: ReactNode }) {
  return (
    <HomeContext.Provider value={clients}>
      <QueryClientProvider client={clients.queryClient}>
        <TRPCProvider trpcClient={clients.client} queryClient={clients.queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </HomeContext.Provider>
  );
}

/** Everything inside talks to `host` (null: this machine). */
export function HostScope({ host, children }: { host: string | null; children: ReactNode }) {
  const home = useContext(HomeContext);
  const clients = host === null ? home : clientsOf(host);
  if (!clients) throw new Error('HostScope needs HomeClients around it');
  return (
    <HostContext.Provider value={host}>
      <QueryClientProvider client={clients.queryClient}>
        <TRPCProvider trpcClient={clients.client} queryClient={clients.queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </HostContext.Provider>
  );
}

/** The client of `host` outside React's tree (null: this machine's, from `home`). */
export function clientOf(host: string | null, home: RdvClient): RdvClient {
  return host === null ? home : clientsOf(host).client;
}

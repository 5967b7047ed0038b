'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from './trpc';

/**
 * Restart and close for ended sessions, from the sidebar and the exited tab alike: each call
 * refreshes every session list (live, exited and closed) when it settles.
 */
export function useEndedSessionActions() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() }),
  });
  return {
    /**
     * Runs an exited or closed session again in the same row; resolves once it is live. A
     * resumable agent session resumes its conversation unless `fresh`.
     */
    restart: (id: string, opts: { fresh?: boolean } = {}) =>
      mutation.mutateAsync(() => client.sessions.restart.mutate({ id, fresh: opts.fresh === true })),
    /** Closes an exited session (its process has ended already: nothing to confirm). */
    close: (id: string) => mutation.mutateAsync(() => client.sessions.close.mutate({ id })),
    pending: mutation.isPending,
    error: mutation.error,
    reset: mutation.reset,
  };
}

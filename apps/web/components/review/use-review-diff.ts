'use client';

import type { DiffAgainst } from '@rdv/api';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { diffSignature } from '../../lib/review/diff-signature';
import { knownOldLines, parsePatch, type KnownLines } from '../../lib/review/hunks';
import { WIDE_CONTEXT_LINES } from '../../lib/review/review-prefs';
import { useTRPC, useTRPCClient } from '../../lib/trpc';

/** The cheap poll (counts only) while the view is open and the page visible. */
export const STAT_POLL_MS = 3_000;
/**
 * Patches are refetched when the poll sees a change; and this often regardless, because an edit
 * that keeps a file's +/− counts looks the same to the poll.
 */
export const FULL_REFRESH_MS = 20_000;

/**
 * A worktree's diff for the view: `stat` polled every few seconds (react-query pauses it while
 * the page is hidden), the patches refetched when the stat changes.
 */
export function useReviewDiff(path: string, against: DiffAgainst) {
  const trpc = useTRPC();
  const stat = useQuery({
    ...trpc.worktrees.diff.queryOptions({ path, against, stat: true }),
    refetchInterval: STAT_POLL_MS,
    retry: false,
  });
  const full = useQuery({
    ...trpc.worktrees.diff.queryOptions({ path, against }),
    refetchInterval: FULL_REFRESH_MS,
    retry: false,
  });
  const { refetch, isFetching } = full;
  const statSignature = stat.data ? diffSignature(stat.data) : null;
  const fullSignature = full.data ? diffSignature(full.data) : null;
  useEffect(() => {
    if (statSignature && fullSignature && statSignature !== fullSignature && !isFetching)
      void refetch();
    // Only a new poll result starts a refetch (not the end of one).
  }, [statSignature, stat.dataUpdatedAt]);

  return {
    diff: full.data ?? null,
    /** The stat poll's error wins: it is the fresher one. */
    error: stat.error ?? full.error ?? null,
    loading: full.isPending,
    refreshing: full.isFetching || stat.isFetching,
    refresh: () => Promise.all([stat.refetch(), full.refetch()]),
  };
}

/**
 * One file's old-side lines from its widest patch (for unfolding), fetched once asked for and
 * kept for as long as its patch stays the same.
 */
export function useKnownLines(
  path: string,
  against: DiffAgainst,
  file: string | null,
  patch: string | null,
  wanted: boolean,
): { known: KnownLines | null; error: string | null } {
  const client = useTRPCClient();
  const query = useQuery({
    queryKey: ['rdv-review-wide', path, against, file, patch],
    queryFn: () =>
      client.worktrees.diff.query({ path, against, file: file!, contextLines: WIDE_CONTEXT_LINES }),
    enabled: wanted && file !== null && patch !== null,
    staleTime: Infinity,
    retry: false,
  });
  const widePatch = query.data?.files[0]?.patch ?? null;
  const known = useMemo(() => {
    if (!query.data) return null;
    const hunks = widePatch ? (parsePatch(widePatch, 'unified')?.hunks ?? []) : [];
    return knownOldLines(hunks);
  }, [query.data, widePatch]);
  const error = query.error
    ? `The folded lines could not be loaded: ${query.error.message}`
    : query.data && !widePatch
      ? 'The folded lines could not be loaded: the wider diff of this file is too large.'
      : null;
  return { known, error };
}

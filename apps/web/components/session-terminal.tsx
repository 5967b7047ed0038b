'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc';
import { TerminalView, type RevealRequest } from './terminal/terminal-view';

/** A terminal with its folder's effective preferences (font size, scrollback, theme). */
export function SessionTerminal(props: {
  sessionId: string;
  folderId: string | null;
  clientId: string;
  active: boolean;
  onResume: () => void;
  onExit: () => void;
  reveal?: RevealRequest | null;
}) {
  const trpc = useTRPC();
  const prefs = useQuery({
    ...trpc.preferences.resolve.queryOptions({ folderId: props.folderId }),
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
  if (!prefs.data && !prefs.error) return null;
  const values = prefs.data?.values;
  return (
    <TerminalView
      sessionId={props.sessionId}
      clientId={props.clientId}
      active={props.active}
      fontSize={values?.fontSize ?? 14}
      scrollback={values?.scrollbackLines ?? 10_000}
      theme={values?.theme ?? 'default'}
      onResume={props.onResume}
      onExit={props.onExit}
      reveal={props.reveal}
    />
  );
}

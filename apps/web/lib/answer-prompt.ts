'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPCClient } from './trpc';
import type { PromptAnswer } from './types';

/**
 * Answers the prompt a session's screen shows, from its row: the daemon types the keys only if
 * the screen still shows the prompt `promptId` names, and otherwise refuses with a message that
 * says what it shows now (`error`).
 */
export function useAnswerPrompt(sessionId: string) {
  const client = useTRPCClient();
  const mutation = useMutation({
    mutationFn: (input: { promptId: string; answer: PromptAnswer }) =>
      client.sessions.answer.mutate({ sessionId, ...input }),
  });
  return {
    answer: (promptId: string, answer: PromptAnswer) => mutation.mutateAsync({ promptId, answer }),
    pending: mutation.isPending,
    error: mutation.error,
    reset: mutation.reset,
  };
}

'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useAnswerPrompt } from '../../lib/answer-prompt';
import { useTRPCClient } from '../../lib/trpc';
import type { ScreenPrompt } from '../../lib/types';
import styles from './sidebar.module.css';

/**
 * Approve / Deny / Reply under a waiting session's row, without attaching. The buttons answer
 * the prompt the status stream last announced; a reply is pinned to the prompt the person read
 * when they opened it. Either way the daemon types only if the screen still shows that prompt,
 * and its refusal ("the screen changed: it now asks ...") is shown here.
 */
export function AnswerBar(props: {
  sessionId: string;
  sessionName: string;
  /** The prompt from the status stream; when absent (a hook said "waiting"), it is read once. */
  prompt: ScreenPrompt | undefined;
  /** When the session started waiting: a new wait reads the screen again. */
  waitingSince: string;
}) {
  const { sessionId, sessionName } = props;
  const client = useTRPCClient();
  const read = useQuery({
    queryKey: ['sessions.prompt', sessionId, props.waitingSince],
    queryFn: () => client.sessions.prompt.query({ id: sessionId }),
    enabled: props.prompt === undefined,
    staleTime: Infinity,
  });
  const prompt = props.prompt ?? read.data ?? undefined;
  const { answer, pending, error, reset } = useAnswerPrompt(sessionId);
  const [replying, setReplying] = useState<ScreenPrompt | null>(null);
  const [text, setText] = useState('');
  const replyButton = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (replying) input.current?.focus();
  }, [replying]);

  const shown = replying ?? prompt;
  if (!shown) return error ? <Refusal message={error.message} /> : null;

  const send = (target: ScreenPrompt, kind: 'approve' | 'deny') => {
    reset();
    void answer(target.id, { kind }).catch(() => undefined);
  };
  const cancelReply = () => {
    setReplying(null);
    setText('');
    requestAnimationFrame(() => replyButton.current?.focus());
  };
  const submitReply = (event: FormEvent) => {
    event.preventDefault();
    if (!replying) return;
    reset();
    const target = replying;
    void answer(target.id, { kind: 'reply', text })
      .then(() => cancelReply())
      .catch(() => setReplying(null));
  };
  const onReplyKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancelReply();
    }
  };

  return (
    <div className={styles.answer} data-prompt-id={shown.id} data-prompt-kind={shown.kind}>
      <p className={styles.question} title={shown.question}>
        {shown.question}
      </p>
      {replying ? (
        <form className={styles.answerActions} onSubmit={submitReply}>
          <input
            ref={input}
            className={styles.replyInput}
            value={text}
            maxLength={2000}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onReplyKey}
            aria-label={`Reply to ${sessionName}: ${replying.question}`}
            placeholder="Your answer"
            disabled={pending}
          />
          <button type="submit" disabled={pending}>
            Send
          </button>
          <button type="button" onClick={cancelReply}>
            Cancel
          </button>
        </form>
      ) : (
        <div className={styles.answerActions} role="group" aria-label={`Answer ${sessionName}`}>
          {shown.answers.includes('approve') && (
            <button
              className={styles.approve}
              aria-label={`Approve ${sessionName}'s request`}
              disabled={pending}
              onClick={() => send(shown, 'approve')}
            >
              Approve
            </button>
          )}
          {shown.answers.includes('deny') && (
            <button
              aria-label={`Deny ${sessionName}'s request`}
              disabled={pending}
              onClick={() => send(shown, 'deny')}
            >
              Deny
            </button>
          )}
          {shown.answers.includes('reply') && (
            <button
              ref={replyButton}
              aria-label={`Reply to ${sessionName}'s question`}
              disabled={pending}
              onClick={() => {
                reset();
                setReplying(shown);
              }}
            >
              Reply…
            </button>
          )}
        </div>
      )}
      {error && <Refusal message={error.message} />}
    </div>
  );
}

function Refusal({ message }: { message: string }) {
  return (
    <p className={styles.rowError} role="alert">
      {message}
    </p>
  );
}

'use client';

// The diff view beside the terminal. Rendering is react-diff-view (3.3, otakustay): it takes
// git's unified diff as it is, draws split and unified views as a table, and leaves selection,
// comment widgets and folded regions to the caller through documented hooks (selectedChanges,
// widgets, Decoration, expandFromRawCode). Syntax colours come from refractor (Prism grammars,
// no eval, fits the dashboard's CSP). Chosen over @git-diff-view/react, which bundles every
// highlight.js language (~1 MB) and has no line-range selection, and diff2html, which renders
// HTML strings (no React widgets for comments). This file and everything it imports load only
// when the view is first opened (review-loader.tsx).
import type { DiffAgainst, WorktreeDiffFile } from '@rdv/api';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../lib/format';
import { listOrder } from '../../lib/review/file-status';
import type { ViewType } from '../../lib/review/hunks';
import {
  loadPendingComments,
  savePendingComments,
  sortedComments,
  type PendingComment,
} from '../../lib/review/pending-comments';
import {
  saveAgainst,
  savedAgainst,
  savedViewType,
  saveViewType,
} from '../../lib/review/review-prefs';
import { isGuardRefusal, reviewErrorText, sendFailureText } from '../../lib/review/review-errors';
import { selectLine, type LineRange } from '../../lib/review/selection';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import type { Session } from '../../lib/types';
import { FileDiff } from './file-diff';
import { FileList } from './file-list';
import { PendingComments, type SendState } from './pending-comments';
import { ReviewToolbar, ReviewWarnings } from './review-toolbar';
import { ShipBar } from './ship-bar';
import { useKnownLines, useReviewDiff } from './use-review-diff';
import styles from './review.module.css';

/** Wide enough for two columns of code side by side. */
const SPLIT_MIN_WIDTH = '(min-width: 1200px)';

export function ReviewPane(props: { session: Session; onClose: () => void }) {
  const { session } = props;
  const [against, setAgainst] = useState<DiffAgainst>(() => savedAgainst(localStorage));
  const [viewType, setViewType] = useState<ViewType>(() =>
    savedViewType(localStorage, window.matchMedia(SPLIT_MIN_WIDTH).matches),
  );
  return (
    <ReviewBody
      // Another session is another worktree: nothing of the last one's state carries over.
      key={session.id}
      session={session}
      against={against}
      onAgainst={(value) => {
        saveAgainst(localStorage, value);
        setAgainst(value);
      }}
      viewType={viewType}
      onViewType={(value) => {
        saveViewType(localStorage, value);
        setViewType(value);
      }}
      onClose={props.onClose}
    />
  );
}

function ReviewBody(props: {
  session: Session;
  against: DiffAgainst;
  onAgainst: (against: DiffAgainst) => void;
  viewType: ViewType;
  onViewType: (view: ViewType) => void;
  onClose: () => void;
}) {
  const { session, against } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const review = useReviewDiff(session.cwd, against);
  const diff = review.diff;
  const files = useMemo(() => listOrder(diff?.files ?? []), [diff]);

  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const selected = files.find((f) => f.path === selectedPath) ?? files[0] ?? null;

  // Comments: the one being written, and those waiting to be sent (kept in this browser).
  const [draft, setDraft] = useState<{ range: LineRange; text: string } | null>(null);
  const [comments, setComments] = useState<PendingComment[]>(() =>
    loadPendingComments(localStorage, session.id),
  );
  useEffect(() => savePendingComments(localStorage, session.id, comments), [session.id, comments]);
  const [sendState, setSendState] = useState<SendState>({ kind: 'idle' });

  const [wantKnown, setWantKnown] = useState<string | null>(null);
  const known = useKnownLines(
    diff?.path ?? session.cwd,
    against,
    selected?.path ?? null,
    selected?.patch ?? null,
    wantKnown === selected?.path,
  );

  const refreshAll = useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.worktrees.diff.pathKey() }),
    [queryClient, trpc],
  );

  const [stageError, setStageError] = useState<string | null>(null);
  const [staging, setStaging] = useState<ReadonlyMap<string, boolean>>(new Map());
  const stage = useMutation({
    mutationFn: ({ file, on }: { file: WorktreeDiffFile; on: boolean }) => {
      const input = { path: diff!.path, paths: [file.path] };
      return on ? client.worktrees.stage.mutate(input) : client.worktrees.unstage.mutate(input);
    },
    onMutate: ({ file, on }) => {
      setStageError(null);
      setStaging((prev) => new Map(prev).set(file.path, on));
    },
    onError: (error, { file, on }) =>
      setStageError(`${on ? 'Staging' : 'Unstaging'} ${file.path} refused: ${errorMessage(error)}`),
    onSettled: async (_data, _error, { file }) => {
      await refreshAll();
      setStaging((prev) => {
        const next = new Map(prev);
        next.delete(file.path);
        return next;
      });
    },
  });

  const send = useMutation({
    mutationFn: (force: boolean) =>
      client.worktrees.sendComments.mutate({
        sessionId: session.id,
        comments: sortedComments(comments).map(({ file, side, startLine, endLine, text }) => ({
          file,
          side,
          startLine,
          endLine,
          text,
        })),
        force,
      }),
    onMutate: () => setSendState({ kind: 'sending' }),
    onSuccess: (result) => {
      setComments([]);
      setSendState({
        kind: 'sent',
        text: `Sent ${result.comments === 1 ? '1 comment' : `${result.comments} comments`} to “${session.name}” as one message.`,
      });
    },
    onError: (error) =>
      setSendState({
        kind: 'failed',
        text: sendFailureText(error),
        canForce: isGuardRefusal(error),
      }),
  });

  const onSelectLine = (click: { side: 'old' | 'new'; line: number; extend: boolean }) => {
    if (!selected) return;
    setDraft((prev) => ({
      range: selectLine(prev?.range ?? null, { file: selected.path, ...click }),
      text: prev?.text ?? '',
    }));
  };
  const saveDraft = () => {
    if (!draft?.text.trim()) return;
    setComments((prev) => [
      ...prev,
      { ...draft.range, id: crypto.randomUUID(), text: draft.text.trim() },
    ]);
    setDraft(null);
    setSendState({ kind: 'idle' });
  };

  const stagedCount = files.filter((f) => f.staged !== 'none').length;
  const emptyMessage =
    against === 'head'
      ? 'No uncommitted changes.'
      : diff?.base
        ? `No changes against ${diff.base.ref}.`
        : 'No changes.';

  return (
    <div className={styles.pane} data-testid="review-pane" data-session={session.id}>
      <ReviewToolbar
        sessionName={session.name}
        diff={diff}
        against={against}
        onAgainst={(value) => {
          setDraft(null);
          props.onAgainst(value);
        }}
        viewType={props.viewType}
        onViewType={props.onViewType}
        refreshing={review.refreshing}
        onRefresh={() => void review.refresh()}
        onClose={props.onClose}
      />
      {review.error && !diff && (
        <p className={styles.problem} role="alert">
          {reviewErrorText(review.error, session.cwd)}
        </p>
      )}
      {review.loading && !review.error && <p className={styles.problem}>Loading the changes…</p>}
      {diff && (
        <>
          <ReviewWarnings diff={diff} against={against} />
          {review.error && (
            <p className="error-text" role="alert">
              Refresh failed: {errorMessage(review.error)}
            </p>
          )}
          {files.length === 0 ? (
            <p className={styles.problem}>{emptyMessage}</p>
          ) : (
            <div className={styles.body}>
              <nav className={styles.files} aria-label="Files">
                <FileList
                  files={files}
                  selected={selected?.path ?? null}
                  onSelect={setSelectedPath}
                  staging={against === 'head'}
                  busy={staging}
                  onStage={(file, on) => stage.mutate({ file, on })}
                />
                {stageError && (
                  <p className="error-text" role="alert">
                    {stageError}
                  </p>
                )}
              </nav>
              <div className={styles.diffColumn}>
                {selected && (
                  <FileDiff
                    // Unfolded regions and a pending unfold belong to one file.
                    key={selected.path}
                    file={selected}
                    viewType={props.viewType}
                    known={wantKnown === selected.path ? known.known : null}
                    knownError={wantKnown === selected.path ? known.error : null}
                    onWantKnown={() => setWantKnown(selected.path)}
                    draft={draft}
                    onSelectLine={onSelectLine}
                    onDraftText={(text) => setDraft((prev) => prev && { ...prev, text })}
                    onDraftSave={saveDraft}
                    onDraftCancel={() => setDraft(null)}
                    comments={comments.filter((c) => c.file === selected.path)}
                    onUpdateComment={(id, text) =>
                      setComments((prev) => prev.map((c) => (c.id === id ? { ...c, text } : c)))
                    }
                    onRemoveComment={(id) => setComments((prev) => prev.filter((c) => c.id !== id))}
                  />
                )}
              </div>
            </div>
          )}
          <PendingComments
            comments={sortedComments(comments)}
            sessionName={session.name}
            // A suspended session's program still runs: only an ended one has nobody to read.
            canSend={session.status === 'active' || session.status === 'suspended'}
            state={send.isPending ? { kind: 'sending' } : sendState}
            onUpdate={(id, text) =>
              setComments((prev) => prev.map((c) => (c.id === id ? { ...c, text } : c)))
            }
            onRemove={(id) => setComments((prev) => prev.filter((c) => c.id !== id))}
            onSend={(force) => send.mutate(force)}
          />
          <ShipBar path={diff.path} staged={stagedCount} onShipped={() => void refreshAll()} />
        </>
      )}
    </div>
  );
}

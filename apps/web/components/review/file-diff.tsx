'use client';

import type { WorktreeDiffFile } from '@rdv/api';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Decoration, Diff, Hunk, type GutterOptions, type HunkData } from 'react-diff-view';
import 'react-diff-view/style/index.css';
import { fileStatusLabel } from '../../lib/review/file-status';
import { tokenizeHunks } from '../../lib/review/highlighter';
import {
  collapsedRegions,
  expandRegion,
  lineOnSide,
  parsePatch,
  type CollapsedRegion,
  type KnownLines,
  type ViewType,
} from '../../lib/review/hunks';
import { languageOf } from '../../lib/review/language';
import type { PendingComment } from '../../lib/review/pending-comments';
import {
  anchorKey,
  changeKeysIn,
  commentSide,
  type LineRange,
  type Side,
} from '../../lib/review/selection';
import { CommentCard, CommentForm } from './comment-box';
import theme from './diff-theme.module.css';
import comments from './comments-ship.module.css';
import styles from './review.module.css';

/** What the file view needs from the pane: its comments, the draft, and the wider patch. */
export interface FileDiffProps {
  file: WorktreeDiffFile;
  viewType: ViewType;
  /**
   * The old-side lines of this file's widest patch (the API's most context lines): loaded when
   * the first folded region is opened, null until then.
   */
  known: KnownLines | null;
  /** The wider patch is wanted (a folded region was opened): the pane loads it. */
  onWantKnown: () => void;
  knownError: string | null;
  /** The lines selected for a comment (in any file) and the comment being written. */
  draft: { range: LineRange; text: string } | null;
  onSelectLine: (click: { side: Side; line: number; extend: boolean }) => void;
  onDraftText: (text: string) => void;
  onDraftSave: () => void;
  onDraftCancel: () => void;
  comments: readonly PendingComment[];
  onUpdateComment: (id: string, text: string) => void;
  onRemoveComment: (id: string) => void;
}

/**
 * One file's diff, rendered by react-diff-view (side by side or unified), highlighted by
 * refractor, with folded unchanged regions that unfold on request and line numbers that
 * select lines for a comment (click; Shift+click extends).
 */
export function FileDiff(props: FileDiffProps) {
  const { file } = props;
  return (
    <section
      className={styles.fileDiff}
      aria-label={`Diff of ${file.path}`}
      data-diff-file={file.path}
    >
      <FileHeader file={file} />
      <FileBody {...props} />
    </section>
  );
}

function FileHeader({ file }: { file: WorktreeDiffFile }) {
  const renamed = file.oldPath && file.oldPath !== file.path;
  return (
    <header className={styles.fileHeader}>
      <span className={styles.filePath}>
        {renamed ? (
          <>
            <span className={styles.oldPath}>{file.oldPath}</span> → {file.path}
          </>
        ) : (
          file.path
        )}
      </span>
      <span className={styles.fileMeta}>
        {fileStatusLabel(file.status)}
        {!file.binary && (
          <>
            {' · '}
            <span className={styles.additions}>+{file.additions ?? 0}</span>{' '}
            <span className={styles.deletions}>−{file.deletions ?? 0}</span>
          </>
        )}
      </span>
    </header>
  );
}

function FileBody(props: FileDiffProps) {
  const { file } = props;
  if (file.binary)
    return <p className={styles.fileNote}>Binary file: its contents are not shown.</p>;
  if (file.tooLarge)
    return (
      <p className={styles.fileNote}>
        Too large to show here ({file.additions ?? 0} lines added, {file.deletions ?? 0} removed).
        Open it in the terminal, e.g. <code>git diff -- {file.path}</code>.
      </p>
    );
  if (!file.patch)
    return (
      <p className={styles.fileNote}>
        {file.status === 'renamed' || file.status === 'copied'
          ? `${fileStatusLabel(file.status)} without changes to its content.`
          : 'No changes to its content (a mode change only).'}
      </p>
    );
  return <PatchView {...props} patch={file.patch} />;
}

function PatchView(props: FileDiffProps & { patch: string }) {
  const { file, viewType, known, draft } = props;
  const parsed = useMemo(() => parsePatch(props.patch, viewType), [props.patch, viewType]);
  // Unfolded ranges belong to one patch: a refreshed patch starts folded again.
  const [unfolded, setUnfolded] = useState<{ patch: string; ranges: Array<[number, number]> }>({
    patch: props.patch,
    ranges: [],
  });
  const [waiting, setWaiting] = useState<CollapsedRegion | null>(null);
  const ranges = unfolded.patch === props.patch ? unfolded.ranges : [];

  const hunks = useMemo(() => {
    if (!parsed) return [];
    if (!known) return parsed.hunks;
    return ranges.reduce<HunkData[]>(
      (h, [start, end]) => expandRegion(h, known, start, end),
      parsed.hunks,
    );
  }, [parsed, known, ranges]);
  const language = languageOf(file.path);
  const tokens = useMemo(() => tokenizeHunks(hunks, language), [hunks, language]);
  const regions = useMemo(() => collapsedRegions(hunks, known), [hunks, known]);

  const unfold = (region: CollapsedRegion) => {
    if (!known) {
      setWaiting(region);
      props.onWantKnown();
      return;
    }
    setUnfolded({ patch: props.patch, ranges: [...ranges, [region.start, region.end]] });
  };
  // A region opened before the wider patch arrived unfolds once it has (or stays folded, with
  // the reason shown, when it could not be loaded).
  useEffect(() => {
    if (waiting && props.knownError) setWaiting(null);
    if (!known || !waiting) return;
    setUnfolded((prev) => ({
      patch: props.patch,
      ranges: [...(prev.patch === props.patch ? prev.ranges : []), [waiting.start, waiting.end]],
    }));
    setWaiting(null);
  }, [known, waiting, props.patch, props.knownError]);

  const myDraft = draft?.range.file === file.path ? draft : null;
  const selected = useMemo(
    () => (myDraft ? changeKeysIn(hunks, myDraft.range) : []),
    [hunks, myDraft],
  );
  const widgets = useMemo(() => {
    const out: Record<string, ReactNode[]> = {};
    const put = (key: string | null, node: ReactNode) => {
      if (key) (out[key] ??= []).push(node);
    };
    for (const comment of props.comments)
      put(
        anchorKey(hunks, comment),
        <CommentCard
          key={comment.id}
          comment={comment}
          onUpdate={(text) => props.onUpdateComment(comment.id, text)}
          onRemove={() => props.onRemoveComment(comment.id)}
        />,
      );
    if (myDraft)
      put(
        anchorKey(hunks, myDraft.range),
        <CommentForm
          key="draft"
          range={myDraft.range}
          text={myDraft.text}
          onText={props.onDraftText}
          onSave={props.onDraftSave}
          onCancel={props.onDraftCancel}
        />,
      );
    return Object.fromEntries(
      Object.entries(out).map(([key, nodes]) => [
        key,
        <div className={comments.widgets}>{nodes}</div>,
      ]),
    );
    // The callbacks are recreated each render; the inputs that matter are listed.
  }, [hunks, props.comments, myDraft]);

  if (!parsed) return <p className={styles.fileNote}>This patch could not be read.</p>;

  const renderGutter = ({ change, side }: GutterOptions) => {
    const line = lineOnSide(change, side);
    if (line === null) return null;
    const onSide = commentSide(change);
    // One button per line: on the side its comment is about; the other number is just a number.
    if (side !== onSide) return line;
    return (
      <button
        type="button"
        className={theme.lineButton}
        aria-label={`Line ${line}${onSide === 'old' ? ' of the old file' : ''}: comment (Shift extends the selection)`}
        onClick={(event) => props.onSelectLine({ side: onSide, line, extend: event.shiftKey })}
      >
        {line}
      </button>
    );
  };

  const regionAt = (index: number) => regions.find((r) => r.beforeHunk === index);
  /** The fold before a hunk (with git's hunk header, which names the function) or after the last. */
  const fold = (region: CollapsedRegion, hunk: HunkData | null) => (
    <Decoration key={`fold-${region.start}`} className={theme.fold}>
      <div className={theme.foldRow}>
        <FoldButton region={region} waiting={waiting?.start === region.start} onUnfold={unfold} />
        {hunk && <code className={theme.hunkHeader}>{hunk.content}</code>}
      </div>
    </Decoration>
  );
  const tail = regionAt(hunks.length);

  return (
    <div className={theme.diffBox} data-view={viewType}>
      {props.knownError && <p className="error-text">{props.knownError}</p>}
      <Diff
        viewType={viewType}
        diffType={parsed.type}
        hunks={hunks}
        tokens={tokens}
        selectedChanges={selected}
        widgets={widgets}
        renderGutter={renderGutter}
        optimizeSelection
      >
        {(shown) => [
          ...shown.flatMap((hunk, index) => {
            const region = regionAt(index);
            const body = <Hunk key={`h-${hunk.oldStart}-${hunk.newStart}`} hunk={hunk} />;
            return region ? [fold(region, hunk), body] : [body];
          }),
          ...(tail ? [fold(tail, null)] : []),
        ]}
      </Diff>
    </div>
  );
}

function FoldButton(props: {
  region: CollapsedRegion;
  waiting: boolean;
  onUnfold: (region: CollapsedRegion) => void;
}) {
  const { region } = props;
  const count =
    region.lines === null
      ? 'the lines'
      : `${region.lines} unchanged line${region.lines === 1 ? '' : 's'}`;
  const where =
    region.lines === null
      ? `after line ${region.start - 1}`
      : region.lines === 1
        ? `(line ${region.start})`
        : `(lines ${region.start}–${region.end - 1})`;
  if (!region.expandable)
    return (
      <span className={theme.foldNote}>
        ⋯ {count} {where}: too far from a change to show here
      </span>
    );
  return (
    <button
      type="button"
      className={theme.foldButton}
      disabled={props.waiting}
      onClick={() => props.onUnfold(region)}
    >
      {props.waiting ? 'Loading…' : `⋯ Show ${count} ${where}`}
    </button>
  );
}

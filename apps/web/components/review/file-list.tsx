'use client';

import type { WorktreeDiffFile } from '@rdv/api';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { fileStatusLabel, fileStatusLetter, groupByFolder } from '../../lib/review/file-status';
import styles from './review.module.css';

/**
 * The changed files, grouped by folder, with their +/− counts and status. Arrow keys,
 * Home and End move between files (the focused file is shown, as in a file tree); uncommitted
 * changes get a checkbox that stages or unstages the file.
 */
export function FileList(props: {
  files: readonly WorktreeDiffFile[];
  selected: string | null;
  onSelect: (path: string) => void;
  /** Uncommitted changes: a stage checkbox per file. */
  staging: boolean;
  onStage: (file: WorktreeDiffFile, stage: boolean) => void;
  /** Files whose stage/unstage is under way, and the state asked for (shown until it is done). */
  busy: ReadonlyMap<string, boolean>;
}) {
  const list = useRef<HTMLUListElement>(null);
  const buttons = () =>
    Array.from(list.current?.querySelectorAll<HTMLButtonElement>('button[data-file]') ?? []);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const target =
      event.key === 'ArrowDown'
        ? Math.min(at + 1, all.length - 1)
        : event.key === 'ArrowUp'
          ? Math.max(at - 1, 0)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? all.length - 1
              : null;
    if (target === null) return;
    event.preventDefault();
    const button = all[target];
    button?.focus();
    if (button?.dataset.file) props.onSelect(button.dataset.file);
  };

  return (
    <ul className={styles.fileList} aria-label="Changed files" ref={list} onKeyDown={onKeyDown}>
      {groupByFolder(props.files).map(({ folder, files }) => (
        <li key={folder || '.'} className={styles.folderGroup}>
          {folder && (
            <span className={styles.folderName} title={folder}>
              {folder}/
            </span>
          )}
          <ul role="list">
            {files.map((file) => (
              <FileRow
                key={file.path}
                file={file}
                selected={file.path === props.selected}
                onSelect={() => props.onSelect(file.path)}
                staging={props.staging}
                pending={props.busy.get(file.path)}
                onStage={(stage) => props.onStage(file, stage)}
              />
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function FileRow(props: {
  file: WorktreeDiffFile;
  selected: boolean;
  onSelect: () => void;
  staging: boolean;
  /** Staging (true) or unstaging (false) is under way. */
  pending: boolean | undefined;
  onStage: (stage: boolean) => void;
}) {
  const { file } = props;
  const checkbox = useRef<HTMLInputElement>(null);
  // "Partly staged" is a third state that only the DOM property can show.
  const partial = file.staged === 'partial' && props.pending === undefined;
  useEffect(() => {
    if (checkbox.current) checkbox.current.indeterminate = partial;
  }, [partial]);
  const staged = props.pending ?? file.staged === 'all';
  const name = file.path.split('/').pop() ?? file.path;
  const renamedFrom = file.oldPath && file.oldPath !== file.path ? file.oldPath : null;
  // Within its folder a rename reads "old.md → new.md"; across folders the old path is whole.
  const folderOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
  const shownFrom =
    renamedFrom && folderOf(renamedFrom) === folderOf(file.path)
      ? renamedFrom.slice(renamedFrom.lastIndexOf('/') + 1)
      : renamedFrom;
  const status = fileStatusLabel(file.status);
  const counts = file.binary
    ? 'binary'
    : `+${file.additions ?? 0} −${file.deletions ?? 0}${file.tooLarge ? ', too large to show' : ''}`;
  return (
    <li className={styles.fileRow} data-selected={props.selected} data-path={file.path}>
      {props.staging && (
        <input
          ref={checkbox}
          type="checkbox"
          className={styles.stageBox}
          checked={staged}
          disabled={props.pending !== undefined}
          aria-label={`${staged ? 'Unstage' : 'Stage'} ${file.path}`}
          title={
            file.staged === 'partial'
              ? 'Partly staged (changed again since): check to stage all of it'
              : file.staged === 'all'
                ? 'Staged: uncheck to unstage'
                : 'Not staged: check to stage'
          }
          onChange={(event) => props.onStage(event.currentTarget.checked)}
        />
      )}
      <button
        type="button"
        className={styles.fileButton}
        data-file={file.path}
        aria-current={props.selected ? 'true' : undefined}
        tabIndex={props.selected ? 0 : -1}
        title={renamedFrom ? `${renamedFrom} → ${file.path}` : file.path}
        aria-label={`${file.path}, ${status}${renamedFrom ? ` from ${renamedFrom}` : ''}, ${counts}`}
        onClick={props.onSelect}
      >
        <span className={styles.statusLetter} data-status={file.status} aria-hidden="true">
          {fileStatusLetter(file.status)}
        </span>
        <span className={styles.fileName}>
          {renamedFrom ? (
            <>
              <span className={styles.oldPath}>{shownFrom}</span> → {name}
            </>
          ) : (
            name
          )}
        </span>
        <span className={styles.counts} aria-hidden="true">
          {file.binary ? (
            <span className={styles.tag}>binary</span>
          ) : (
            <>
              <span className={styles.additions}>+{file.additions ?? 0}</span>{' '}
              <span className={styles.deletions}>−{file.deletions ?? 0}</span>
            </>
          )}
          {file.tooLarge && <span className={styles.tag}>too large</span>}
        </span>
      </button>
    </li>
  );
}

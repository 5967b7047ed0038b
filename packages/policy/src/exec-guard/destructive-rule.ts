/** The kinds of destructive text the exec guard refuses (each has a description for people). */
export type DestructiveRule =
  | 'control-character'
  | 'history-expansion'
  | 'recursive-delete'
  | 'recursive-permissions'
  | 'fork-bomb'
  | 'download-to-shell'
  | 'hidden-code'
  | 'raw-disk-write'
  | 'system-file-overwrite'
  | 'make-filesystem';

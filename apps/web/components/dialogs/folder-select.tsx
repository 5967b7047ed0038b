'use client';

export interface FolderOption {
  id: string;
  name: string;
  depth: number;
}

/** A folder picker: the tree, indented, plus the top level. */
export function FolderSelect(props: {
  folders: FolderOption[];
  value: string | null;
  onChange: (id: string | null) => void;
  /** Folders that cannot be chosen (a folder and its descendants, when moving it). */
  exclude?: ReadonlySet<string>;
  name?: string;
  /** What "no folder" means here. @default "(top level)" */
  noneLabel?: string;
}) {
  return (
    <select
      name={props.name ?? 'folder'}
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.target.value || null)}
    >
      <option value="">{props.noneLabel ?? '(top level)'}</option>
      {props.folders.map((folder) => (
        <option key={folder.id} value={folder.id} disabled={props.exclude?.has(folder.id)}>
          {'\u00a0\u00a0'.repeat(folder.depth)}
          {folder.name}
        </option>
      ))}
    </select>
  );
}

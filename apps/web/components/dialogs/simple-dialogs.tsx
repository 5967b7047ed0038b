'use client';

import { useState } from 'react';
import { Modal } from '../ui/modal';
import { FolderSelect, type FolderOption } from './folder-select';

/** One text field: rename a session or folder, name a new folder. */
export function NameDialog(props: {
  title: string;
  initial: string;
  submitLabel: string;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onSubmit: (name: string) => void;
}) {
  const [name, setName] = useState(props.initial);
  return (
    <Modal
      title={props.title}
      submitLabel={props.submitLabel}
      busy={props.busy}
      error={props.error}
      onClose={props.onClose}
      onSubmit={() => name.trim() && props.onSubmit(name.trim())}
    >
      <label>
        Name
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
      </label>
    </Modal>
  );
}

/** Move a session or folder to another folder (or the top level). */
export function MoveDialog(props: {
  title: string;
  folders: FolderOption[];
  initial: string | null;
  exclude?: ReadonlySet<string>;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onSubmit: (folderId: string | null) => void;
}) {
  const [folderId, setFolderId] = useState(props.initial);
  return (
    <Modal
      title={props.title}
      submitLabel="Move"
      busy={props.busy}
      error={props.error}
      onClose={props.onClose}
      onSubmit={() => props.onSubmit(folderId)}
    >
      <label>
        To
        <FolderSelect
          folders={props.folders}
          value={folderId}
          onChange={setFolderId}
          exclude={props.exclude}
        />
      </label>
    </Modal>
  );
}

/** A yes/no question, with an optional extra choice (a checkbox). */
export function ConfirmDialog(props: {
  title: string;
  message: string;
  submitLabel: string;
  option?: string;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onSubmit: (option: boolean) => void;
}) {
  const [option, setOption] = useState(false);
  return (
    <Modal
      title={props.title}
      submitLabel={props.submitLabel}
      busy={props.busy}
      error={props.error}
      danger
      onClose={props.onClose}
      onSubmit={() => props.onSubmit(option)}
    >
      <p style={{ margin: 0 }}>{props.message}</p>
      {props.option && (
        <label className="inline">
          <input type="checkbox" checked={option} onChange={(e) => setOption(e.target.checked)} />{' '}
          {props.option}
        </label>
      )}
    </Modal>
  );
}

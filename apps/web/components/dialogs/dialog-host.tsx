'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/format';
import { useTRPCClient } from '../../lib/trpc';
import type { Folder, Session } from '../../lib/types';
import { CreateSessionDialog } from './create-session-dialog';
import { DownloadFileDialog } from './download-file-dialog';
import { ShareDialog } from './share-dialog';
import type { FolderOption } from './folder-select';
import { ConfirmDialog, MoveDialog, NameDialog } from './simple-dialogs';

export type DialogState =
  | { kind: 'create'; folderId: string | null }
  | { kind: 'renameSession'; session: Session }
  | { kind: 'moveSession'; session: Session }
  | { kind: 'closeSession'; session: Session }
  | { kind: 'downloadFile'; session: Session }
  | { kind: 'shareSession'; session: Session }
  | { kind: 'newFolder'; parentId: string | null }
  | { kind: 'renameFolder'; folder: Folder }
  | { kind: 'moveFolder'; folder: Folder }
  | { kind: 'deleteFolder'; folder: Folder };

/** The open dialog of the sidebar's actions, and the call each one makes. */
export function DialogHost(props: {
  dialog: DialogState;
  folders: FolderOption[];
  descendants: (folderId: string) => Set<string>;
  size: { cols: number; rows: number };
  onClose: () => void;
  onSessionCreated: (session: Session) => void;
}) {
  const { dialog, onClose } = props;
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const action = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      onClose();
    },
  });
  const common = {
    busy: action.isPending,
    error: action.error ? errorMessage(action.error) : null,
    onClose,
  };
  const run = (call: () => Promise<unknown>) => action.mutate(call);

  switch (dialog.kind) {
    case 'create':
      return (
        <CreateSessionDialog
          folders={props.folders}
          initialFolderId={dialog.folderId}
          cols={props.size.cols}
          rows={props.size.rows}
          onClose={onClose}
          onCreated={(session) => {
            void queryClient.invalidateQueries();
            props.onSessionCreated(session);
            onClose();
          }}
        />
      );
    case 'renameSession':
      return (
        <NameDialog
          {...common}
          title="Rename session"
          initial={dialog.session.name}
          submitLabel="Rename"
          onSubmit={(name) =>
            run(() => client.sessions.update.mutate({ id: dialog.session.id, name }))
          }
        />
      );
    case 'moveSession':
      return (
        <MoveDialog
          {...common}
          title={`Move “${dialog.session.name}”`}
          folders={props.folders}
          initial={dialog.session.folderId}
          onSubmit={(folderId) =>
            run(() => client.sessions.update.mutate({ id: dialog.session.id, folderId }))
          }
        />
      );
    case 'closeSession':
      return (
        <ConfirmDialog
          {...common}
          title={`Close “${dialog.session.name}”?`}
          message="Its processes are killed and the tmux session ends."
          option={dialog.session.worktreeId ? 'Also move its worktree to the trash' : undefined}
          submitLabel="Close session"
          onSubmit={(trashWorktree) =>
            run(() => client.sessions.close.mutate({ id: dialog.session.id, trashWorktree }))
          }
        />
      );
    case 'downloadFile':
      return <DownloadFileDialog session={dialog.session} onClose={onClose} />;
    case 'shareSession':
      return <ShareDialog session={dialog.session} onClose={onClose} />;
    case 'newFolder':
      return (
        <NameDialog
          {...common}
          title="New folder"
          initial=""
          submitLabel="Create"
          onSubmit={(name) =>
            run(() => client.folders.create.mutate({ name, parentId: dialog.parentId }))
          }
        />
      );
    case 'renameFolder':
      return (
        <NameDialog
          {...common}
          title="Rename folder"
          initial={dialog.folder.name}
          submitLabel="Rename"
          onSubmit={(name) =>
            run(() => client.folders.update.mutate({ id: dialog.folder.id, name }))
          }
        />
      );
    case 'moveFolder':
      return (
        <MoveDialog
          {...common}
          title={`Move “${dialog.folder.name}”`}
          folders={props.folders}
          initial={dialog.folder.parentId}
          exclude={props.descendants(dialog.folder.id)}
          onSubmit={(parentId) =>
            run(() => client.folders.update.mutate({ id: dialog.folder.id, parentId }))
          }
        />
      );
    case 'deleteFolder':
      return (
        <ConfirmDialog
          {...common}
          title={`Delete “${dialog.folder.name}”?`}
          message="A folder that still holds folders or live sessions is kept unless you move them up."
          option="Move its folders and sessions to the parent"
          submitLabel="Delete folder"
          onSubmit={(moveContentsToParent) =>
            run(() => client.folders.delete.mutate({ id: dialog.folder.id, moveContentsToParent }))
          }
        />
      );
  }
}

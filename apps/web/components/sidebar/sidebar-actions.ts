import type { Folder, Session } from '../../lib/types';

/** What the sidebar's items can ask the dashboard to do. */
export interface SidebarActions {
  openSession: (session: Session) => void;
  /** Opens the session with its diff view beside it. */
  reviewSession: (session: Session) => void;
  newSession: (folderId: string | null) => void;
  renameSession: (session: Session) => void;
  moveSession: (session: Session) => void;
  suspendSession: (session: Session) => void;
  resumeSession: (session: Session) => void;
  closeSession: (session: Session) => void;
  /** "Download file…": a file of the session's working directory. */
  downloadFile: (session: Session) => void;
  /** "Share read-only…": a link that shows the terminal live to someone who is not a user. */
  shareSession: (session: Session) => void;
  selectFolder: (folder: Folder | null) => void;
  newFolder: (parentId: string | null) => void;
  renameFolder: (folder: Folder) => void;
  moveFolder: (folder: Folder) => void;
  deleteFolder: (folder: Folder) => void;
  toggleFolder: (folder: Folder) => void;
}

'use client';

import { useState } from 'react';
import { formatBytes } from '@rdv/contract';
import { downloadFromSession, saveBlob, type TransferProgress } from '../../lib/file-transfer';
import { useHost } from '../../lib/host-scope';
import type { Session } from '../../lib/types';
import { Modal } from '../ui/modal';

/**
 * "Download file…": a path relative to the session's working directory, fetched through the
 * web server (which the daemon confines to that folder) and handed to the browser's downloads.
 * A refusal (missing, outside the folder, too big) is shown here and nothing is saved.
 */
export function DownloadFileDialog(props: { session: Session; onClose: () => void }) {
  const { session } = props;
  const host = useHost();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<TransferProgress | null>(null);

  const submit = async () => {
    const wanted = path.trim().replace(/^\.\//, '');
    if (!wanted) return setError("Give the file's path, relative to the working directory.");
    setBusy(true);
    setError(null);
    setProgress(null);
    try {
      const { blob, name } = await downloadFromSession(session.id, wanted, setProgress, host);
      saveBlob(blob, name);
      props.onClose();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`Download a file from “${session.name}”`}
      submitLabel="Download"
      busy={busy}
      error={error}
      onClose={props.onClose}
      onSubmit={() => void submit()}
      testId="download-file-dialog"
    >
      <label>
        Path, relative to <code title={session.cwd}>{session.cwd}</code>
        <input
          name="path"
          value={path}
          placeholder="src/index.ts"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setPath(event.target.value)}
          maxLength={4096}
        />
      </label>
      {busy && progress && (
        <p role="status" aria-live="polite">
          Downloading… {formatBytes(progress.loaded)}
          {progress.total ? ` of ${formatBytes(progress.total)}` : ''}
        </p>
      )}
    </Modal>
  );
}

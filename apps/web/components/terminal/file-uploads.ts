import { formatBytes, type UploadedFile } from '@rdv/contract';
import { shellEscapePath } from '../../lib/shell-path';
import { tooBigMessage, TransferError, type TransferProgress } from '../../lib/file-transfer';

/** What the terminal shows about its uploads. */
export type UploadState =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string; loaded: number; total: number; position: number; count: number }
  | { kind: 'refused'; messages: string[] };

export const NO_UPLOAD: UploadState = { kind: 'idle' };

export interface FileUploadsOptions {
  /** The largest upload the daemon takes (`files.limits`), once known. */
  maxBytes: () => number | undefined;
  /** Sends one file; resolves with where it was stored. */
  upload: (file: File, onProgress: (progress: TransferProgress) => void, signal: AbortSignal) => Promise<UploadedFile>;
  /** Pastes text at the prompt (bracketed when the program asked for it). */
  paste: (text: string) => void;
  /** Types text as keys (the space between two pasted paths). */
  type: (text: string) => void;
  onState: (state: UploadState) => void;
}

/** Most refusals listed at once; a drop of many files that all fail says so in one line. */
const MAX_MESSAGES = 4;

/**
 * Files dropped, pasted or picked for one terminal: sent one at a time (the progress bar shows
 * which and how far), each stored path pasted at the prompt as it arrives, shell-escaped,
 * paths separated by a typed space. A file over the limit or empty is refused before a byte is
 * sent; a refusal names the file and the reason, and the others still go.
 */
export class FileUploads {
  private queue: File[] = [];
  private running = false;
  private readonly abort = new AbortController();
  /** Whether a path was typed in this batch (the next one needs a space before it). */
  private typedInBatch = false;
  private refusals: string[] = [];

  constructor(private readonly opts: FileUploadsOptions) {}

  add(files: File[]): void {
    if (this.abort.signal.aborted || files.length === 0) return;
    if (!this.running) {
      this.refusals = [];
      this.typedInBatch = false;
    }
    this.queue.push(...files);
    if (!this.running) void this.run();
  }

  /** The refusals were read: the notice goes. */
  dismiss(): void {
    this.refusals = [];
    if (!this.running) this.opts.onState(NO_UPLOAD);
  }

  /** Stops the transfer under way and forgets the rest. */
  dispose(): void {
    this.queue = [];
    this.abort.abort();
  }

  private async run(): Promise<void> {
    this.running = true;
    let position = 0;
    try {
      while (this.queue.length && !this.abort.signal.aborted) {
        const file = this.queue.shift()!;
        position += 1;
        const count = position + this.queue.length;
        const refusal = this.precheck(file);
        if (refusal) {
          this.refuse(refusal);
          continue;
        }
        const show = (loaded: number, total: number) =>
          this.opts.onState({ kind: 'uploading', name: file.name, loaded, total, position, count });
        show(0, file.size);
        try {
          const stored = await this.opts.upload(file, ({ loaded, total }) => show(loaded, total), this.abort.signal);
          if (this.abort.signal.aborted) return;
          if (this.typedInBatch) this.opts.type(' ');
          this.opts.paste(shellEscapePath(stored.path));
          this.typedInBatch = true;
        } catch (error) {
          if (this.abort.signal.aborted) return;
          this.refuse(error instanceof TransferError ? error.message : `${file.name} was not uploaded: ${(error as Error).message}`);
        }
      }
    } finally {
      this.running = false;
      if (!this.abort.signal.aborted) {
        this.opts.onState(this.refusals.length ? { kind: 'refused', messages: [...this.refusals] } : NO_UPLOAD);
      }
    }
  }

  private precheck(file: File): string | null {
    const max = this.opts.maxBytes();
    if (max !== undefined && file.size > max) return tooBigMessage(file.name, file.size, max);
    if (file.size === 0) return `${file.name} was not uploaded: it is empty`;
    return null;
  }

  private refuse(message: string): void {
    if (this.refusals.length < MAX_MESSAGES) this.refusals.push(message);
    else if (this.refusals.length === MAX_MESSAGES) this.refusals.push('…and more files were refused');
  }
}

/** "1.2 MB of 4 MB" for the progress bar's text. */
export function progressText(loaded: number, total: number): string {
  return `${formatBytes(loaded)} of ${formatBytes(total)}`;
}

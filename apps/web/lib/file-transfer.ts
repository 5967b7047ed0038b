'use client';

import {
  FILE_QUERY,
  formatBytes,
  WEB_FILE_ROUTES,
  webApiBase,
  type FileRouteError,
  type UploadedFile,
} from '@rdv/contract';

/** How far a transfer has got, for a progress bar. */
export interface TransferProgress {
  loaded: number;
  total: number;
}

/** A refused or failed transfer, with the sentence to show. */
export class TransferError extends Error {
  override name = 'TransferError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A file route of this machine (`/api/files/upload`) or of a host (`/api/hosts/gpu/files/upload`). */
function fileRoute(host: string | null, route: keyof typeof WEB_FILE_ROUTES): string {
  return host === null
    ? WEB_FILE_ROUTES[route]
    : `${webApiBase(host)}${WEB_FILE_ROUTES[route].slice('/api'.length)}`;
}

/**
 * Sends a file to the session's uploads (`POST /api/files/upload`, the raw bytes as the body)
 * and resolves with where it was stored. XMLHttpRequest rather than fetch: only it reports how
 * much of a request body has gone out.
 */
export function uploadToSession(
  sessionId: string,
  file: Blob & { name: string },
  onProgress: (progress: TransferProgress) => void,
  signal?: AbortSignal,
  host: string | null = null,
): Promise<UploadedFile> {
  const query = new URLSearchParams({
    [FILE_QUERY.session]: sessionId,
    [FILE_QUERY.name]: file.name,
  });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${fileRoute(host, 'upload')}?${query.toString()}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) =>
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      if (xhr.status === 201) resolve(JSON.parse(xhr.responseText) as UploadedFile);
      else reject(refusal(xhr.status, xhr.responseText, `uploading ${file.name}`));
    };
    xhr.onerror = () =>
      reject(new TransferError(`${file.name} was not uploaded: the connection failed`, 0));
    xhr.onabort = () => reject(new TransferError(`${file.name}: upload cancelled`, 0));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** The refusal of a file too big to send, said before sending a byte. */
export function tooBigMessage(name: string, size: number, maxBytes: number): string {
  return `${name} was not uploaded: it is ${formatBytes(size)}, more than the limit of ${formatBytes(maxBytes)} ([files] upload_max_mb)`;
}

/**
 * Fetches a file of the session's working directory (`GET /api/files/download`), reporting
 * progress, and resolves with its bytes and the name the server gave it.
 */
export async function downloadFromSession(
  sessionId: string,
  path: string,
  onProgress: (progress: TransferProgress) => void,
  host: string | null = null,
): Promise<{ blob: Blob; name: string }> {
  const query = new URLSearchParams({ [FILE_QUERY.session]: sessionId, [FILE_QUERY.path]: path });
  let response: Response;
  try {
    response = await fetch(`${fileRoute(host, 'download')}?${query.toString()}`, {
      cache: 'no-store',
    });
  } catch {
    throw new TransferError(`${path} was not downloaded: the connection failed`, 0);
  }
  if (!response.ok) throw refusal(response.status, await response.text(), `downloading ${path}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const name =
    fileNameOf(response.headers.get('content-disposition')) ?? path.split('/').pop() ?? 'download';
  const reader = response.body?.getReader();
  if (!reader) return { blob: await response.blob(), name };
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress({ loaded, total });
  }
  return { blob: new Blob(chunks as BlobPart[], { type: 'application/octet-stream' }), name };
}

/** Hands the bytes to the browser's own download (the Downloads folder, or its prompt). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `filename*` (UTF-8) or `filename` of a Content-Disposition header. */
export function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1];
}

function refusal(status: number, text: string, doing: string): TransferError {
  try {
    const { error } = JSON.parse(text) as FileRouteError;
    if (typeof error.message === 'string') return new TransferError(error.message, status);
  } catch {
    // not the daemon's JSON (a proxy's page): say the status
  }
  return new TransferError(`${doing} failed (HTTP ${status})`, status);
}

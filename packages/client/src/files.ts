// `@rdv/client/files`: the file routes of api.sock (raw bodies, streamed), for the CLI and tests.
import { request, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { DAEMON_FILE_ROUTES, FILE_QUERY, type FileRouteError, type UploadedFile } from '@rdv/contract';
import { authHeaders, type RdvCredentials } from './credentials.ts';

/** A refused or failed file route: the HTTP status and the tRPC-like code the daemon gave. */
export class FileTransferError extends Error {
  override name = 'FileTransferError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** How long an upload waits for `100 Continue` before sending its body anyway. */
const CONTINUE_FALLBACK_MS = 3_000;

export interface FileRouteTarget {
  socketPath: string;
  credentials: RdvCredentials;
}

/**
 * Streams `body` to the session's uploads (`POST /files/upload`). Give `size` when it is known:
 * the daemon then refuses a file over its limit before a byte is sent.
 */
export function uploadFile(
  target: FileRouteTarget,
  upload: { sessionId: string; name: string; body: Readable; size?: number },
): Promise<UploadedFile> {
  const query = new URLSearchParams({ [FILE_QUERY.session]: upload.sessionId, [FILE_QUERY.name]: upload.name });
  return new Promise<UploadedFile>((resolve, reject) => {
    let answered = false;
    let sending = false;
    const send = () => {
      if (sending || answered) return;
      sending = true;
      upload.body.pipe(req);
    };
    const req = request(
      {
        socketPath: target.socketPath,
        method: 'POST',
        path: `${DAEMON_FILE_ROUTES.upload}?${query.toString()}`,
        headers: {
          ...authHeaders(target.credentials),
          'content-type': 'application/octet-stream',
          // The daemon says "100 Continue" once the upload passed every check that needs no byte
          // of it (the session, the token, the name, the declared size): a refusal costs no body.
          expect: '100-continue',
          ...(upload.size === undefined ? {} : { 'content-length': String(upload.size) }),
        },
      },
      (res) => {
        answered = true;
        clearTimeout(fallback);
        // A refusal can come before the whole body was sent: stop sending, let the source go.
        upload.body.unpipe(req);
        if (!upload.body.readableEnded) upload.body.destroy();
        readAnswer(res).then((text) => {
          req.destroy();
          if (res.statusCode === 201) resolve(JSON.parse(text) as UploadedFile);
          else reject(routeError(res.statusCode ?? 0, text));
        }, reject);
      },
    );
    req.on('continue', send);
    // A server that does not answer Expect: the body goes anyway after a while (RFC 9110 §10.1.1).
    const fallback = setTimeout(send, CONTINUE_FALLBACK_MS);
    // Writing on after the daemon answered and hung up is expected; the answer says why.
    req.on('error', (error) => {
      clearTimeout(fallback);
      if (!answered) reject(error);
    });
    upload.body.on('error', (error) => {
      req.destroy(error);
      reject(error);
    });
  });
}

/** A download's answer: the name the daemon offers, its size and the bytes as a stream. */
export interface DownloadStream {
  name: string;
  size: number;
  stream: IncomingMessage;
}

/** Opens a file of the session's working directory (`GET /files/download`) as a stream. */
export function downloadFile(
  target: FileRouteTarget,
  download: { sessionId: string; path: string },
): Promise<DownloadStream> {
  const query = new URLSearchParams({ [FILE_QUERY.session]: download.sessionId, [FILE_QUERY.path]: download.path });
  return new Promise<DownloadStream>((resolve, reject) => {
    const req = request(
      {
        socketPath: target.socketPath,
        method: 'GET',
        path: `${DAEMON_FILE_ROUTES.download}?${query.toString()}`,
        headers: authHeaders(target.credentials),
      },
      (res) => {
        if (res.statusCode !== 200) {
          readAnswer(res).then((text) => reject(routeError(res.statusCode ?? 0, text)), reject);
          return;
        }
        resolve({
          name: fileNameOf(res.headers['content-disposition']) ?? 'download',
          size: Number(res.headers['content-length'] ?? 0),
          stream: res,
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * The file name of a `Content-Disposition` header: `filename*` (RFC 8187, UTF-8) when present,
 * else `filename`; only its last path segment.
 */
export function fileNameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  let name: string | undefined;
  if (extended) {
    try {
      name = decodeURIComponent(extended.trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename="([^"]*)"/i.exec(header)?.[1];
  const last = name?.split(/[\\/]/).pop();
  return last && last !== '.' && last !== '..' ? last : undefined;
}

function readAnswer(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function routeError(status: number, text: string): FileTransferError {
  try {
    const { error } = JSON.parse(text) as FileRouteError;
    return new FileTransferError(error.message, status, error.code);
  } catch {
    return new FileTransferError(`rdv-server answered ${status}`, status, 'INTERNAL_SERVER_ERROR');
  }
}

// Files into and out of a session: the routes, their query parameters, the answers and the
// default limits, spelt once for the daemon (api.sock), the web server, the dashboard and the CLI.
// The bytes travel as raw HTTP bodies, not as JSON: a 20 MB file is 27 MB of base64 and would
// be held whole in memory by tRPC's JSON parsing.

/** Routes on api.sock: `POST` (raw body) stores a file, `GET` returns one. */
export const DAEMON_FILE_ROUTES = {
  upload: '/files/upload',
  download: '/files/download',
} as const;

/** The same routes as the browser reaches them on the web server, which forwards them. */
export const WEB_FILE_ROUTES = {
  upload: '/api/files/upload',
  download: '/api/files/download',
} as const;

/** Query parameters: `session` (its id), `name` (upload: the file's name), `path` (download). */
export const FILE_QUERY = { session: 'session', name: 'name', path: 'path' } as const;

/** What an upload answers (201): where the file is, as the session's shell would name it. */
export interface UploadedFile {
  /** Absolute path on the session's machine. */
  path: string;
  /** The stored name (sanitised, perhaps de-duplicated: `shot-2.png`). */
  name: string;
  /** Bytes written. */
  size: number;
}

/** Every refusal of a file route: a tRPC-like code and one line for a person. */
export interface FileRouteError {
  error: { message: string; code: string };
}

const MIB = 1024 * 1024;
/** `[files] upload_max_mb`: the largest file an upload stores. @default 20 MiB */
export const DEFAULT_UPLOAD_MAX_BYTES = 20 * MIB;
/** `[files] download_max_mb`: the largest file a download returns. @default 100 MiB */
export const DEFAULT_DOWNLOAD_MAX_BYTES = 100 * MIB;

/** "20 MB", "1.5 MB", "512 KB", "3 bytes": sizes in messages people read. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${trimNumber(bytes / MIB)} MB`;
  if (bytes >= 1024) return `${trimNumber(bytes / 1024)} KB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

function trimNumber(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

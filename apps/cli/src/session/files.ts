// `fs.promises`, read where it is used: the CLI is one bundle, and a top-level import of
// `node:fs/promises` loaded it (and readline with it, ~1.3 ms) for every command.
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { downloadFile, FileTransferError, uploadFile, type FileRouteTarget } from '@rdv/client/files';
import { formatBytes } from '@rdv/contract';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode, oneLine } from '../errors.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveSession } from '../resolve/resolvers.ts';

export interface UploadOptions extends JsonOption {
  /** Store it under this name instead of the file's own. */
  name?: string;
}

export interface DownloadOptions extends JsonOption {
  /** Where to write it; `-` for stdout. @default the file's name in the current folder */
  output?: string;
  /** Replace an existing output file. */
  force?: boolean;
}

/**
 * `rdv session upload <session> <file>`: what a drop onto the dashboard's terminal does, without
 * typing the path: the file goes to the session's uploads folder and its path is printed (so
 * `rdv session exec s "look at $(rdv session upload s shot.png)"` works).
 */
export async function uploadAction(ctx: CliContext, ref: string, file: string, opts: UploadOptions): Promise<void> {
  const info = await fsp.stat(file).catch(() => {
    throw new CliError(`${file}: no such file`, ExitCode.usage);
  });
  if (!info.isFile()) throw new CliError(`${file} is not a file`, ExitCode.usage);
  const session = await withApi(ctx, (client) => resolveSession(client, ref));
  const uploaded = await uploadFile(target(ctx), {
    sessionId: session.id,
    name: opts.name ?? basename(file),
    body: createReadStream(file),
    size: info.size,
  }).catch(fileError);
  if (opts.json) return printJson(ctx, uploaded);
  print(ctx, uploaded.path);
}

/**
 * `rdv session download <session> <path> [-o out]`: a file of the session's working directory
 * (confined there, as in the dashboard). Never replaces a file unless `--force`; a failed
 * transfer leaves nothing behind.
 */
export async function downloadAction(ctx: CliContext, ref: string, path: string, opts: DownloadOptions): Promise<void> {
  const session = await withApi(ctx, (client) => resolveSession(client, ref));
  const download = await downloadFile(target(ctx), { sessionId: session.id, path }).catch(fileError);
  if (opts.output === '-') {
    await pipeline(download.stream, ctx.stdout as Writable, { end: false });
    return;
  }
  const output = resolve(opts.output ?? download.name);
  const exists = await fsp.stat(output).then(
    (found) => found,
    () => null,
  );
  if (exists?.isDirectory()) return saveTo(ctx, download, join(output, download.name), opts);
  return saveTo(ctx, download, output, opts, exists !== null);
}

async function saveTo(
  ctx: CliContext,
  download: { stream: Readable; size: number },
  output: string,
  opts: DownloadOptions,
  exists?: boolean,
): Promise<void> {
  const taken = exists ?? (await fsp.stat(output).then(() => true, () => false));
  if (taken && !opts.force) {
    download.stream.destroy();
    throw new CliError(`${output} exists; use --force to replace it or -o to name another file`);
  }
  // Written beside the target, then renamed: an interrupted download replaces nothing.
  const partial = join(dirname(output), `.${basename(output)}.rdv-download`);
  try {
    await pipeline(download.stream, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    await fsp.rename(partial, output);
  } catch (error) {
    await fsp.unlink(partial).catch(() => undefined);
    throw new CliError(`could not save ${output}: ${(error as Error).message}`);
  }
  if (opts.json) return printJson(ctx, { path: output, size: download.size });
  print(ctx, `saved ${output} (${formatBytes(download.size)})`);
}

function target(ctx: CliContext): FileRouteTarget {
  return { socketPath: ctx.endpoint.apiSocket, credentials: ctx.credentials() };
}

/** A refusal of the file routes as the CLI's exit codes: 2 bad input, 3 not found, 5 the token. */
function fileError(error: unknown): never {
  if (!(error instanceof FileTransferError)) throw error;
  switch (error.status) {
    case 400:
      throw new CliError(oneLine(error.message), ExitCode.usage);
    case 401:
      throw new CliError(
        `the daemon refused the token (${oneLine(error.message)}); check RDV_TOKEN or the cli-token file in RDV_HOME`,
        ExitCode.unauthorized,
      );
    case 404:
      throw new CliError(oneLine(error.message), ExitCode.notFound);
    default:
      throw new CliError(oneLine(error.message), ExitCode.error);
  }
}

import { ConfigError } from '@rdv/config';
import { AlreadyRunningError } from './pid-file.ts';

/** Exit code of every failed start (a person must act: the line says what). */
export const STARTUP_FAILURE_EXIT_CODE = 2;

/** A start that cannot go on: what is wrong and what to do, for one line on stderr. */
export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    readonly problem: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${problem}; ${fix}`, options);
  }
}

/** A stop signal that arrived before the daemon was ready; not a failure. */
export class StartAbortedError extends Error {
  override name = 'StartAbortedError';
  constructor(readonly signal: string) {
    super(`stopped by ${signal} during start-up`);
  }
}

/** Where a failure's fix points: the files the daemon was working with. */
export interface FailureContext {
  databasePath?: string;
  logFile?: string;
}

const DAMAGED_DATABASE = /malformed|file is not a database|SQLITE_CORRUPT|SQLITE_NOTADB/i;

/**
 * Turns anything a start can throw into one line with the cause and the fix; no stack trace
 * reaches the user (server.log has it). Unknown errors still say where to look.
 */
export function explainStartupFailure(error: unknown, context: FailureContext = {}): StartupError {
  if (error instanceof StartupError) return error;
  if (error instanceof ConfigError) return new StartupError(error.message, 'correct config.toml, then start again', { cause: error });
  if (error instanceof AlreadyRunningError) {
    const who = error.pid > 0 ? ` (pid ${error.pid})` : '';
    return new StartupError(`rdv-server is already running${who}`, 'stop it first (rdv server stop) or use rdv server restart', { cause: error });
  }
  const message = firstLine(error instanceof Error ? error.message : String(error));
  if (context.databasePath && DAMAGED_DATABASE.test(messageChain(error))) {
    const db = context.databasePath;
    return new StartupError(
      `the database ${db} is damaged (${message})`,
      `move it aside and start again for a new, empty one: mv ${db} ${db}.damaged (its sessions, tokens and history stay in the moved file)`,
      { cause: error },
    );
  }
  const errno = error as NodeJS.ErrnoException;
  const path = typeof errno.path === 'string' ? errno.path : undefined;
  switch (errno.code) {
    case 'EACCES':
    case 'EPERM':
      return new StartupError(
        `permission denied${path ? ` on ${path}` : ''}`,
        `rdv's files must belong to the user running rdv-server: chown -R "$(id -un)" ${path ?? 'RDV_HOME'}`,
        { cause: error },
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new StartupError(`the disk is full${path ? ` (writing ${path})` : ''}`, 'free some space, then start again', { cause: error });
    case 'EROFS':
      return new StartupError(`${path ?? 'RDV_HOME'} is on a read-only file system`, 'set RDV_HOME to a writable folder', { cause: error });
    case 'EADDRINUSE':
      return new StartupError(`a socket path is in use${path ? `: ${path}` : ''}`, 'stop whatever listens there, or move the socket in config.toml', { cause: error });
    case undefined:
    default:
      return new StartupError(
        `failed to start: ${message}`,
        context.logFile ? `see ${context.logFile} for details` : 'run rdv doctor',
        { cause: error },
      );
  }
}

/** The messages of an error and its causes (Prisma wraps the SQLite error it got). */
function messageChain(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.message, String((current as NodeJS.ErrnoException).code ?? ''));
      current = current.cause;
    } else {
      parts.push(typeof current === 'string' ? current : JSON.stringify(current));
      break;
    }
  }
  return parts.filter(Boolean).join(' ');
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? text).trim();
}

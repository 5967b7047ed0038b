// What `rdv host add` asks the remote machine over ssh: is rdv there and its daemon running
// (`rdv server status --json`), and a CLI token of it for this home (`rdv token create`), which
// comes back on ssh's stdout: never in an argv, a log or an error.
import { hostname } from 'node:os';
import { PreconditionError, UnavailableError } from '@rdv/api';
import { runSsh, sshReason, type SshResult, type SshTarget } from './ssh.ts';

/** The CLI's exit code when the daemon does not answer (apps/cli ExitCode.daemonDown). */
const EXIT_DAEMON_DOWN = 4;
/** A shell's exit code for a command it cannot find. */
const EXIT_NOT_FOUND = 127;
/** ssh's own failure (connection, authentication, host key). */
const EXIT_SSH = 255;

export interface RemoteStatus {
  version: string;
  apiSocket: string;
  terminalSocket: string;
  activeSessions: number;
}

/** How to install rdv on the remote machine and start its daemon, for the messages below. */
export function installHint(destination: string): string {
  return `install rdv there (clone it, \`npm install\`, and put apps/cli/bin/rdv.js on the PATH of a non-interactive ssh shell as \`rdv\`), then start it: ssh ${destination} rdv server start`;
}

/** Refuses with what went wrong: ssh's own message, rdv missing, or its daemon down. */
function refuse(target: SshTarget, result: SshResult, doing: string): never {
  if (result.code === EXIT_SSH)
    throw new UnavailableError(`ssh ${target.destination}: ${sshReason(result.stderr)}`);
  if (result.code === EXIT_NOT_FOUND || /\brdv: (command )?not found/.test(result.stderr))
    throw new PreconditionError(
      `rdv is not installed on ${target.destination}: ${installHint(target.destination)}`,
    );
  if (result.code === EXIT_DAEMON_DOWN)
    throw new PreconditionError(
      `rdv is installed on ${target.destination} but its daemon is not running: start it there with \`ssh ${target.destination} rdv server start\``,
    );
  throw new PreconditionError(
    `${doing} on ${target.destination} failed (exit ${result.code}): ${sshReason(result.stderr)}`,
  );
}

export async function remoteStatus(target: SshTarget, controlPath: string): Promise<RemoteStatus> {
  const result = await runSsh(target, controlPath, ['rdv', 'server', 'status', '--json']);
  if (result.code !== 0) refuse(target, result, '`rdv server status`');
  const status = parseJson(result.stdout) as {
    version?: unknown;
    apiSocket?: unknown;
    terminalSocket?: unknown;
    metrics?: { active_sessions?: unknown };
  } | null;
  if (
    !status ||
    typeof status.version !== 'string' ||
    typeof status.apiSocket !== 'string' ||
    typeof status.terminalSocket !== 'string'
  )
    throw new PreconditionError(
      `the rdv on ${target.destination} does not say where its sockets are (an older version?): update it to this home's version`,
    );
  const active = status.metrics?.active_sessions;
  return {
    version: status.version,
    apiSocket: status.apiSocket,
    terminalSocket: status.terminalSocket,
    activeSessions: typeof active === 'number' ? active : 0,
  };
}

/** A new CLI token of the remote rdv, named after this machine. */
export async function takeRemoteToken(
  target: SshTarget,
  controlPath: string,
): Promise<{ id: string; token: string }> {
  // A fixed word list: the name is this machine's host name, reduced to safe characters.
  const label = `fleet-home-${
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, '-')
      .slice(0, 60) || 'rdv'
  }`;
  const result = await runSsh(target, controlPath, ['rdv', 'token', 'create', label, '--json']);
  if (result.code !== 0) refuse(target, result, '`rdv token create`');
  const created = parseJson(result.stdout) as { id?: unknown; token?: unknown } | null;
  if (
    !created ||
    typeof created.id !== 'string' ||
    typeof created.token !== 'string' ||
    !/^\S+$/.test(created.token)
  )
    throw new PreconditionError(
      `the rdv on ${target.destination} did not answer \`rdv token create\` with a token`,
    );
  return { id: created.id, token: created.token };
}

/** Revokes the token this home holds (best effort: false when the host cannot be reached). */
export async function revokeRemoteToken(
  target: SshTarget,
  controlPath: string,
  tokenId: string,
): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]+$/.test(tokenId)) return false;
  const result = await runSsh(target, controlPath, ['rdv', 'token', 'revoke', tokenId]);
  return result.code === 0;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

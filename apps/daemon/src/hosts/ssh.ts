// The system `ssh`, argv-only. BatchMode=yes comes first (ssh keeps the first value of an option,
// so no --ssh-option can turn it off): ssh never prompts, and an unknown or changed host key is
// refused by ssh itself as the user's known_hosts and StrictHostKeyChecking say.
import { execFile } from 'node:child_process';

/** How long one ssh command may take (connect, run, answer). */
export const SSH_COMMAND_TIMEOUT_MS = 30_000;

export interface SshTarget {
  destination: string;
  sshOptions: string[];
}

/** Options every ssh of rdv gets, before the user's own. */
export function baseSshArgs(
  target: SshTarget,
  controlPath: string,
  controlMaster: 'auto' | 'no',
): string[] {
  return [
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=15',
    '-o',
    `ControlPath=${controlPath}`,
    '-o',
    `ControlMaster=${controlMaster}`,
    ...target.sshOptions.flatMap((option) => ['-o', option]),
  ];
}

export interface SshResult {
  /** ssh's exit code: the remote command's, or 255 when ssh itself failed. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `remote` (fixed words, never user input: ssh joins them into a remote shell line) on the
 * target. Uses the host's control master when one is up. Its stdout may carry a secret: callers
 * never log it.
 */
export function runSsh(
  target: SshTarget,
  controlPath: string,
  remote: string[],
): Promise<SshResult> {
  const args = [
    ...baseSshArgs(target, controlPath, 'no'),
    '-T',
    '--',
    target.destination,
    ...remote,
  ];
  return new Promise((resolve) => {
    execFile(
      'ssh',
      args,
      { timeout: SSH_COMMAND_TIMEOUT_MS, maxBuffer: 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 255) : 0;
        resolve({
          code,
          stdout,
          stderr:
            error && error.killed
              ? `${stderr}\nssh timed out after ${SSH_COMMAND_TIMEOUT_MS / 1000} s`
              : stderr,
        });
      },
    );
  });
}

/** ssh's own words, without its warnings about known_hosts additions: the last lines that say why. */
export function sshReason(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('Warning: Permanently added'));
  return lines.slice(-3).join(' ').slice(0, 500) || 'ssh failed without a message';
}

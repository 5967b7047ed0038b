// TEMPORARY stand-in (ping + listSessions only) until the real tmux layer lands in tmux.ts.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class Tmux {
  constructor(private readonly opts: { socketPath: string; bin?: string }) {}
  static isRdvSessionName(name: string): boolean {
    return /^rdv-[A-Za-z0-9_-]+$/.test(name);
  }
  async ping(): Promise<boolean> {
    try {
      await run(this.opts.bin ?? 'tmux', ['-V']);
      return true;
    } catch {
      return false;
    }
  }
  async listSessions(): Promise<Array<{ name: string }>> {
    try {
      const { stdout } = await run(this.opts.bin ?? 'tmux', ['-S', this.opts.socketPath, 'list-sessions', '-F', '#{session_name}']);
      return stdout.split('\n').filter(Boolean).map((name) => ({ name }));
    } catch {
      return [];
    }
  }
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ControlParser, controlCommand, type ControlMessage } from './control-protocol.ts';
import { TmuxError } from './tmux-error.ts';

/** A reply to one command line: its output lines, in order. */
export interface ControlReply {
  lines: string[];
}

interface Pending {
  resolve: (reply: ControlReply) => void;
  reject: (error: Error) => void;
  /** Called when the first reply starts, before any output that follows the commands' effect. */
  onBegin?: () => void;
  /** Called synchronously with the reply, before any message parsed after it. */
  onReply?: (lines: string[]) => void;
  command: string;
  /** Reply blocks still to come: tmux answers each command of a line in its own block. */
  remaining: number;
  lines: string[];
  begun: boolean;
}

export interface ControlClientOptions {
  bin: string;
  /** Global tmux arguments (`-S socket -f config`). */
  globalArgs: readonly string[];
  env: NodeJS.ProcessEnv;
  /** The session to attach to (an exact target, `=name`). */
  target: string;
  /** `attach-session -f` client flags (`ignore-size,no-output`, ...). */
  attachFlags?: string;
  onMessage: (message: ControlMessage) => void;
  /** The client process ended (detached, session killed, server gone). */
  onClose: (reason: string) => void;
}

/**
 * One long-lived `tmux -C attach-session` client: a stream of the session's pane output and a
 * command channel that never spawns a process. Replies come back in the order commands were
 * written (tmux runs one client's commands in order), so a FIFO matches them.
 */
export class ControlClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly parser: ControlParser;
  private readonly pending: Pending[] = [];
  /** The command whose reply block is being read (its `%begin` arrived). */
  private current: Pending | undefined;
  private closedReason: string | undefined;
  /**
   * Command lines written before tmux has attached us are answered "no current client", so
   * they wait for `%session-changed` (the attach is done).
   */
  private attached = false;
  private unsent: string[] = [];

  constructor(private readonly options: ControlClientOptions) {
    // -u: UTF-8 whatever the locale says.
    this.child = spawn(
      options.bin,
      [
        '-u',
        ...options.globalArgs,
        '-C',
        'attach-session',
        ...(options.attachFlags ? ['-f', options.attachFlags] : []),
        '-t',
        options.target,
      ],
      { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.parser = new ControlParser((message) => this.onMessage(message));
    this.child.stdout.on('data', (chunk: Buffer) => this.parser.feed(chunk));
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    // Writes after the client died fail with EPIPE; the close below reports it.
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', (error) => this.close(error.message));
    this.child.on('close', () => this.close(stderr.trim() || 'tmux control client exited'));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /**
   * Sends commands as ONE line, which tmux runs back to back (no pane output in between), and
   * resolves with their output lines; rejects with a TmuxError on `%error` (tmux then skips the
   * rest of the line). Never pass a command that runs others (`if-shell`): their extra reply
   * blocks would be taken for the next line's.
   */
  command(
    commands: ReadonlyArray<readonly string[]>,
    { onBegin, onReply }: { onBegin?: () => void; onReply?: (lines: string[]) => void } = {},
  ): Promise<ControlReply> {
    return this.send(
      commands.map((args) => controlCommand(args)),
      onBegin,
      onReply,
    );
  }

  /** Like `command`, with commands the caller has already quoted (see `octalQuoted`). */
  raw(commands: readonly string[]): Promise<ControlReply> {
    return this.send(commands);
  }

  /** Detaches (the session keeps running). */
  dispose(): void {
    if (this.closed) return;
    try {
      this.child.stdin.end();
    } catch {
      // already gone
    }
    this.child.kill('SIGTERM');
    this.close('disposed');
  }

  /** Stops/starts reading tmux's output: tmux then holds the pane (see `pause-after`). */
  pauseReading(): void {
    this.child.stdout.pause();
  }

  resumeReading(): void {
    this.child.stdout.resume();
  }

  private send(
    commands: readonly string[],
    onBegin?: () => void,
    onReply?: (lines: string[]) => void,
  ): Promise<ControlReply> {
    const line = commands.join(' ; ');
    if (this.closedReason !== undefined) {
      return Promise.reject(controlError([line], `control client closed: ${this.closedReason}`));
    }
    if (commands.length === 0) return Promise.resolve({ lines: [] });
    return new Promise<ControlReply>((resolve, reject) => {
      this.pending.push({
        resolve,
        reject,
        onBegin,
        onReply,
        command: line,
        remaining: commands.length,
        lines: [],
        begun: false,
      });
      if (this.attached) this.child.stdin.write(`${line}\n`);
      else this.unsent.push(line);
    });
  }

  private onMessage(message: ControlMessage): void {
    if (message.kind === 'begin') {
      this.current ??= this.pending.shift();
      const current = this.current;
      if (current && !current.begun) {
        current.begun = true;
        current.onBegin?.();
      }
      return;
    }
    if (message.kind === 'reply') {
      const pending = this.current;
      if (!pending) return;
      pending.lines.push(...message.lines);
      if (message.error) {
        // tmux skips the rest of the line after an error: no more blocks will come for it.
        this.current = undefined;
        pending.reject(
          controlError([pending.command], message.lines.join('\n') || 'command failed'),
        );
      } else if (--pending.remaining === 0) {
        this.current = undefined;
        pending.onReply?.(pending.lines);
        pending.resolve({ lines: pending.lines });
      }
      return;
    }
    if (message.kind === 'notification' && message.name === 'session-changed' && !this.attached) {
      this.attached = true;
      if (this.unsent.length > 0) this.child.stdin.write(`${this.unsent.join('\n')}\n`);
      this.unsent = [];
    }
    this.options.onMessage(message);
  }

  private close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    const error = controlError([], `control client closed: ${reason}`);
    for (const pending of [this.current, ...this.pending.splice(0)]) pending?.reject(error);
    this.current = undefined;
    this.options.onClose(reason);
  }
}

function controlError(args: string[], stderr: string): TmuxError {
  return new TmuxError(args, { stderr, exitCode: null, timedOut: false });
}

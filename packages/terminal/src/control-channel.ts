// The daemon's own tmux control client: commands without spawning a process, and notifications
// instead of polling. Spawning `tmux` from a daemon of ~150 MB blocks its event loop 11-26 ms
// per call (TERMINAL.md); a line written to a long-lived `tmux -C` client costs microseconds.
import { ControlClient } from './control-client.ts';
import type { ControlMessage } from './control-protocol.ts';
import { sessionTarget } from './tmux-args.ts';
import { TmuxError, describeCommands } from './tmux-error.ts';
import { scriptArg } from './tmux-script.ts';

/**
 * The channel's client never decides a window's size (`ignore-size`) and is sent no pane output
 * (`no-output`): it is attached to some session only because a control client must be.
 */
export const CHANNEL_CLIENT_FLAGS = 'ignore-size,no-output';

/** What the channel reports: the set of sessions changed, or the client went away. */
export type ChannelEvent = { type: 'sessions-changed' } | { type: 'closed'; reason: string };

/** The channel was (or became) closed before the command's reply: nothing says it ran. */
export class ChannelClosedError extends Error {
  override readonly name = 'ChannelClosedError';
}

export interface ControlChannelOptions {
  bin: string;
  globalArgs: readonly string[];
  env: NodeJS.ProcessEnv;
  onEvent: (event: ChannelEvent) => void;
}

/**
 * One `tmux -C attach-session -f ignore-size,no-output` client on rdv's server. It runs command
 * lines (quoted as on the spawned path, `tmuxScript`, so values reach tmux literally and never
 * sit in argv) and passes on `%sessions-changed`, which tmux sends every control client when
 * any session is created or destroyed. It lives while its session does: when that session is
 * killed the client exits and the owner attaches it elsewhere (see `Tmux.attachChannel`).
 */
export class TmuxControlChannel {
  private client: ControlClient | undefined;
  private hostSession: string | undefined;

  constructor(private readonly options: ControlChannelOptions) {}

  /** The session the client is attached to; undefined while closed. */
  get host(): string | undefined {
    return this.hostSession;
  }

  get open(): boolean {
    return this.client !== undefined && !this.client.closed;
  }

  /** Attaches to `name` unless already open. Commands sent before the attach completes wait. */
  connect(name: string): void {
    if (this.open) return;
    const client: ControlClient = new ControlClient({
      bin: this.options.bin,
      globalArgs: this.options.globalArgs,
      env: this.options.env,
      target: sessionTarget(name),
      attachFlags: CHANNEL_CLIENT_FLAGS,
      onMessage: (message) => this.onMessage(message),
      onClose: (reason) => {
        if (this.client !== client) return;
        this.client = undefined;
        this.hostSession = undefined;
        this.options.onEvent({ type: 'closed', reason });
      },
    });
    this.client = client;
    this.hostSession = name;
  }

  /**
   * Runs the commands as one line (a failure skips the rest, as on the spawned path) and
   * resolves with their output as a spawned client would print it. Never pass `if-shell` (it
   * answers with a varying number of reply blocks). A timeout closes the client: its replies can
   * no longer be matched to commands.
   */
  async run(commands: ReadonlyArray<readonly string[]>, timeoutMs: number): Promise<string> {
    const client = this.client;
    if (!client || client.closed) throw new ChannelClosedError('the control channel is closed');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      client.dispose();
    }, timeoutMs);
    try {
      const reply = await client.raw(commands.map((command) => command.map(scriptArg).join(' ')));
      return reply.lines.map((line) => `${line}\n`).join('');
    } catch (error) {
      const described = describeCommands(commands);
      if (timedOut) throw new TmuxError(described, { stderr: '', exitCode: null, timedOut: true });
      if (client.closed) throw new ChannelClosedError((error as Error).message);
      // A `%error` reply. The control client's own error shows the raw line (env values,
      // typed text): report the commands as the spawned path does, secrets left out.
      const stderr = error instanceof TmuxError ? error.stderr : (error as Error).message;
      throw new TmuxError(described, { stderr, exitCode: 1, timedOut: false });
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Moves the client off `name` (about to be killed) to `other`, so commands in flight on the
   * channel are not cut off with it; closes the channel when there is no other session.
   */
  async leave(name: string, other: string | undefined, timeoutMs: number): Promise<void> {
    if (!this.open || this.hostSession !== name) return;
    if (other === undefined) return this.dispose();
    try {
      await this.run([['switch-client', '-t', sessionTarget(other)]], timeoutMs);
      this.hostSession = other;
    } catch {
      this.dispose();
    }
  }

  /** Detaches the client (sessions keep running); `connect` may open it again. */
  dispose(): void {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    this.hostSession = undefined;
    client.dispose();
  }

  private onMessage(message: ControlMessage): void {
    if (message.kind === 'notification' && message.name === 'sessions-changed') {
      this.options.onEvent({ type: 'sessions-changed' });
    }
  }
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

interface ClientState {
  size?: TerminalSize;
  /** Order of the client's last input (0 = never). */
  inputAt: number;
  /** Order of the client's last resize (0 = never). */
  resizedAt: number;
}

/**
 * Who decides the terminal size when several clients watch one session: the client that most
 * recently sent INPUT (the person typing) wins; while nobody has typed, the most recent resize
 * wins. Every client's size is remembered, so a client that is not in charge never changes the
 * size, and when it becomes the active one its size is applied. Two clients with different
 * window sizes therefore never make the size flap.
 */
export class SizePolicy {
  private readonly clients = new Map<string, ClientState>();
  private clock = 0;
  private size: TerminalSize;

  constructor(initial: TerminalSize) {
    this.size = { ...initial };
  }

  get current(): TerminalSize {
    return { ...this.size };
  }

  /** Records a client's size; returns the size to apply if the effective size changed. */
  resize(clientId: string, size: TerminalSize): TerminalSize | undefined {
    const state = this.state(clientId);
    state.size = { ...size };
    state.resizedAt = ++this.clock;
    return this.settle();
  }

  /** Records input from a client; returns the size to apply if the effective size changed. */
  noteActivity(clientId: string): TerminalSize | undefined {
    this.state(clientId).inputAt = ++this.clock;
    return this.settle();
  }

  /** Forgets a disconnected client; returns the size to apply if the effective size changed. */
  forget(clientId: string): TerminalSize | undefined {
    this.clients.delete(clientId);
    return this.settle();
  }

  private state(clientId: string): ClientState {
    let state = this.clients.get(clientId);
    if (!state) {
      state = { inputAt: 0, resizedAt: 0 };
      this.clients.set(clientId, state);
    }
    return state;
  }

  /** The size of the client in charge: latest input among clients with a size, else latest resize. */
  private settle(): TerminalSize | undefined {
    let decider: ClientState | undefined;
    for (const state of this.clients.values()) {
      if (state.size && (!decider || outranks(state, decider))) decider = state;
    }
    const size = decider?.size;
    if (!size || (size.cols === this.size.cols && size.rows === this.size.rows)) return undefined;
    this.size = { ...size };
    return this.current;
  }
}

/** Any input outranks any resize; then the most recent wins. */
function outranks(a: ClientState, b: ClientState): boolean {
  if (a.inputAt > 0 || b.inputAt > 0) return a.inputAt > b.inputAt;
  return a.resizedAt > b.resizedAt;
}

/** Terminal dimensions we accept (tmux's own limit is 10,000). */
export const MIN_TERMINAL_SIZE = 2;
export const MAX_TERMINAL_SIZE = 1_000;

export function checkSize(n: number): number {
  if (!Number.isInteger(n) || n < MIN_TERMINAL_SIZE || n > MAX_TERMINAL_SIZE) {
    throw new RangeError(`terminal size out of range: ${n}`);
  }
  return n;
}

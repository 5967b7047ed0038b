// Raw bytes on the daemon's unix sockets, below any client library: for fuzzing and limits.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawExchange {
  /** Everything the server sent before closing (or before the wait ran out). */
  received: Buffer;
  /** The server closed the connection (vs. the wait ran out). */
  closed: boolean;
}

/**
 * Connects to `socketPath`, writes `chunks` (with `gapMs` between them), and collects what comes
 * back until the server closes or `waitMs` passes; then destroys the socket.
 */
export function rawExchange(
  socketPath: string,
  chunks: Array<Buffer | string>,
  opts: { waitMs?: number; gapMs?: number; endAfterWrite?: boolean } = {},
): Promise<RawExchange> {
  const { waitMs = 1_000, gapMs = 0, endAfterWrite = false } = opts;
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const parts: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(parts), closed });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => parts.push(chunk));
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may cut us off mid-write: that is a close, not a test failure.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') finish(true);
      else if (!done) reject(error);
    });
    socket.on('connect', () => {
      void (async () => {
        for (const chunk of chunks) {
          if (socket.destroyed) return;
          socket.write(chunk);
          if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
        }
        if (endAfterWrite && !socket.destroyed) socket.end();
      })();
    });
  });
}

/** The HTTP request that upgrades a connection on terminal.sock to a WebSocket. */
export function upgradeRequest(headers: Record<string, string> = {}): string {
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (
    'GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`
  );
}

/**
 * A WebSocket frame as a client sends it (masked unless `masked: false`). `length` overrides the
 * declared payload length, to lie about it.
 */
export function wsFrame(
  opcode: number,
  payload: Buffer | string,
  opts: { fin?: boolean; masked?: boolean; length?: number; rsv?: number } = {},
): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const { fin = true, masked = true, length = data.length, rsv = 0 } = opts;
  const head: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const mask = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126) head.push(mask | length);
  else if (length < 65_536) {
    head.push(mask | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push(mask | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), extended, data]);
  const key = randomBytes(4);
  const body = Buffer.from(data);
  for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), extended, key, body]);
}

/** Opens a raw socket that stays connected (for many-idle-connections and stalled-reader tests). */
export function openRaw(socketPath: string, first?: Buffer | string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath, () => {
      if (first) socket.write(first);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** The frames a server sent after its 101 response (server frames are never masked). */
export function parseServerFrames(received: Buffer): { status: number; frames: Array<{ opcode: number; payload: Buffer }>; closeCode?: number } {
  const text = received.toString('latin1');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const headEnd = text.indexOf('\r\n\r\n');
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let offset = headEnd < 0 ? received.length : headEnd + 4;
  while (status === 101 && offset + 2 <= received.length) {
    const opcode = received[offset]! & 0x0f;
    let length = received[offset + 1]! & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      length = received.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(received.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > received.length) break;
    frames.push({ opcode, payload: received.subarray(start, start + length) });
    offset = start + length;
  }
  const close = frames.find((frame) => frame.opcode === 0x8);
  return { status, frames, closeCode: close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined };
}

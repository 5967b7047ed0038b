import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { TerminalHub } from '@rdv/terminal';
import type { ApiLogger } from '../../../types.ts';
import type { HubOwner, TerminalHubs } from '@rdv/terminal';
import { eventLine, headerLine, parseHeader, type AsciicastHeader } from './asciicast.ts';

/** Above this many bytes waiting for the disk, output is skipped and a fresh screen written later. */
export const MAX_PENDING_WRITE_BYTES = 4 * 1024 * 1024;
/** A recording stops growing here (with a marker saying so). */
export const MAX_RECORDING_BYTES = 512 * 1024 * 1024;
/** File mode of recordings: they hold everything a session printed. */
const RECORDING_FILE_MODE = 0o600;
/** Bytes read to find an existing recording's header. */
const HEADER_PROBE_BYTES = 4096;

/**
 * Records one session's output stream to an asciicast v2 file, as an ordinary hub subscriber
 * that never holds the pty back: it takes every event as soon as it arrives and hands it to the
 * file stream without waiting. When the disk falls behind (MAX_PENDING_WRITE_BYTES) output is
 * skipped, and once the disk catches up a marker and a fresh screen (a snapshot) are written:
 * the recording may have a gap, but the session is never slowed down. An existing file (the
 * session was resumed, or the daemon restarted) is appended to, timed from its original start.
 */
export class SessionRecorder {
  private stopped = false;
  private stopSubscription: (() => void) | undefined;
  readonly done: Promise<void>;

  constructor(
    private readonly hubs: TerminalHubs,
    private readonly owner: HubOwner,
    private readonly file: string,
    private readonly logger: ApiLogger,
    private readonly title: string,
  ) {
    this.done = this.run().catch((error: unknown) =>
      this.logger.warn({ err: error, session: owner.sessionId }, 'session recording stopped'),
    );
  }

  /** Stops recording; `done` resolves once the file is closed. */
  stop(): Promise<void> {
    this.stopped = true;
    this.stopSubscription?.();
    return this.done;
  }

  private async run(): Promise<void> {
    const lease = this.hubs.acquire(this.owner);
    let out: WriteStream | undefined;
    try {
      const hub = await lease.hub;
      if (this.stopped) return;
      const subscription = hub.subscribe();
      this.stopSubscription = () => subscription.dispose();
      const { startMs, size } = await this.openFile();
      out = createWriteStream(this.file, { flags: 'a', mode: RECORDING_FILE_MODE });
      out.on('error', (error) => this.logger.warn({ err: error, session: this.owner.sessionId }, 'cannot write recording'));
      const writer = new CastWriter(out, startMs, size);
      if (size === 0) writer.raw(headerLine(this.header(hub, startMs)));
      let skipThrough = await this.writeScreen(hub, writer, size === 0 ? null : 'resumed');
      let dropped = false;
      let width = hub.size.cols;
      let height = hub.size.rows;
      for (let event = await subscription.next(); event && !this.stopped; event = await subscription.next()) {
        if (writer.full) {
          writer.marker('recording stopped: size limit reached');
          break;
        }
        if (event.type === 'exit') {
          writer.marker(`exit ${event.code ?? 'unknown'}`);
          break;
        }
        if (event.type === 'resync' || (dropped && !writer.congested)) {
          dropped = false;
          skipThrough = await this.writeScreen(hub, writer, 'output skipped');
          continue;
        }
        if (event.type === 'size') {
          if (event.cols !== width || event.rows !== height) {
            ({ cols: width, rows: height } = event);
            writer.event('r', `${width}x${height}`);
          }
          continue;
        }
        if (event.type === 'snapshot' || event.type === 'preview') {
          // The final screen of a pane that died (its last output may not have been streamed),
          // or a flood's screen (the output it stands for was skipped).
          writer.event('o', event.data);
          continue;
        }
        if (event.seq <= skipThrough) continue;
        if (writer.congested) {
          dropped = true;
          continue;
        }
        writer.event('o', event.data);
      }
      subscription.dispose();
    } finally {
      lease.release();
      if (out) await new Promise<void>((resolve) => out!.end(resolve));
    }
  }

  /** Writes the current screen (after a marker, when resuming or after a gap); returns its seq. */
  private async writeScreen(hub: TerminalHub, writer: CastWriter, marker: string | null): Promise<number> {
    const snapshot = await hub.snapshot();
    if (marker) writer.marker(marker);
    writer.event('o', snapshot.data);
    return snapshot.seq;
  }

  private header(hub: TerminalHub, startMs: number): AsciicastHeader {
    return {
      version: 2,
      width: hub.size.cols,
      height: hub.size.rows,
      timestamp: Math.floor(startMs / 1000),
      title: this.title,
      env: { TERM: 'xterm-256color' },
    };
  }

  /** The start time and size of an existing recording; a new (or unreadable) one starts now. */
  private async openFile(): Promise<{ startMs: number; size: number }> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch {
      return { startMs: Date.now(), size: 0 };
    }
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.min(size, HEADER_PROBE_BYTES));
      await handle.read(buffer, 0, buffer.length, 0);
      const header = parseHeader(buffer.toString('utf8').split('\n')[0] ?? '');
      if (!header) throw new Error(`${this.file} is not an asciicast v2 recording; not appending to it`);
      return { startMs: header.timestamp * 1000, size };
    } finally {
      await handle.close();
    }
  }
}

/** Appends events to a recording, timed from its start, and tracks how much is pending. */
class CastWriter {
  constructor(
    private readonly out: WriteStream,
    private readonly startMs: number,
    private bytes: number,
  ) {}

  /** The disk is behind: skip output until it catches up. */
  get congested(): boolean {
    return this.out.writableLength > MAX_PENDING_WRITE_BYTES;
  }

  get full(): boolean {
    return this.bytes >= MAX_RECORDING_BYTES;
  }

  event(code: 'o' | 'r', data: string): void {
    this.raw(eventLine((Date.now() - this.startMs) / 1000, code, data));
  }

  marker(label: string): void {
    this.raw(eventLine((Date.now() - this.startMs) / 1000, 'm', label));
  }

  raw(line: string): void {
    this.bytes += Buffer.byteLength(line);
    this.out.write(line);
  }
}

import type { CliContext } from '../context.ts';

/** What a slow step reports to: an animated line on a terminal, the result alone otherwise. */
export interface Progress {
  message(text: string): void;
  stop(text: string): void;
  fail(text: string): void;
}

const FRAMES = ['◒', '◐', '◓', '◑'];
const FRAME_MS = 80;
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * A spinner on ctx.stdout when it is a terminal; without one, only the result, as a line on
 * stdout. Not clack's spinner: that one reads process.stdin and exits the process on Ctrl-C by
 * itself, while this one leaves input alone, so injected streams stay injected.
 */
export function startProgress(ctx: CliContext, text: string): Progress {
  const out = ctx.stdout;
  if (!out.isTTY) {
    // Scripts get the result only: stderr stays for the one-line reason of a failure.
    return {
      message: () => undefined,
      stop: (done) => out.write(`${done}\n`),
      fail: () => undefined,
    };
  }
  let label = text;
  let frame = 0;
  const draw = () => out.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]}  ${label}...`);
  // Ctrl-C while spinning: give the cursor back before the default exit.
  const onSigint = () => {
    out.write(`\r\x1b[2K${SHOW_CURSOR}`);
    process.exit(130);
  };
  out.write(HIDE_CURSOR);
  draw();
  const timer = setInterval(draw, FRAME_MS);
  process.once('SIGINT', onSigint);
  const end = (mark: string, line: string) => {
    clearInterval(timer);
    process.off('SIGINT', onSigint);
    out.write(`\r\x1b[2K${mark}  ${line}\n${SHOW_CURSOR}`);
  };
  return {
    message: (next) => (label = next),
    stop: (done) => end('✔', done),
    fail: (why) => end('✖', why),
  };
}

/** Runs `work` under a spinner that ends with `done(result)` (printed on stdout without a TTY). */
export async function withProgress<T>(
  ctx: CliContext,
  text: string,
  work: () => Promise<T>,
  done: (result: T) => string,
): Promise<T> {
  const progress = startProgress(ctx, text);
  try {
    const result = await work();
    progress.stop(done(result));
    return result;
  } catch (error) {
    // The reason follows on stderr as `rdv: ...`, like every other failure.
    progress.fail(`${text}: failed`);
    throw error;
  }
}

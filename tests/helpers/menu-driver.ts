// The interactive menu (`rdv` with no command) in this process, on injected streams: a test
// waits for a prompt's text and types keys, then reads the screen.
import { PassThrough, Writable } from 'node:stream';
import { createCliContext, run } from '@rdv/cli';
import { cliEnv, stripAnsi } from './cli.ts';

export const KEY = { down: '\x1b[B', enter: '\r', esc: '\x1b', ctrlC: '\x03', clearLine: '\x15' };

/** The interactive menu in this process, on injected streams: type keys, read the screen. */
export function driveMenu(home: string, argv: string[] = []) {
  const input = new PassThrough();
  let screen = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      screen += chunk.toString();
      done();
    },
  });
  let errors = '';
  const stderr = new Writable({
    write(chunk: Buffer, _encoding, done) {
      errors += chunk.toString();
      done();
    },
  });
  const ctx = createCliContext({
    env: cliEnv(home),
    stdin: input,
    stdout: output,
    stderr,
    interactive: true,
  });
  const exit = run(ctx, argv);
  let seen = 0;
  return {
    exit,
    screen: () => stripAnsi(screen),
    errors: () => errors,
    /** Waits until `text` appears in output written since the last wait, then types `keys`. */
    async answer(text: string, keys: string, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const fresh = stripAnsi(screen).slice(seen);
        const at = fresh.indexOf(text);
        if (at !== -1) {
          seen += at + text.length;
          break;
        }
        if (Date.now() > deadline)
          throw new Error(
            `prompt ${JSON.stringify(text)} never came; screen: ${stripAnsi(screen).slice(-1500)}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
      // clack renders, then listens; give it a moment before the keys arrive.
      await new Promise((r) => setTimeout(r, 60));
      // eslint-disable-next-line no-control-regex -- arrow keys are escape sequences
      for (const key of keys.match(/\x1b\[[A-D]|[\s\S]/g) ?? []) {
        input.write(key);
        await new Promise((r) => setTimeout(r, key === KEY.esc ? 120 : 5));
      }
    },
  };
}

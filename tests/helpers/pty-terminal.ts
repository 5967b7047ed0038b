// A real terminal (node-pty) running the built CLI: what `rdv attach` gets in a person's shell.
import { spawn as spawnPty, type IPty } from 'node-pty';
import { waitUntil } from '@rdv/test-support';
import { CLI_BIN, cliEnv, stripAnsi } from './cli.ts';

/** A real terminal running `sh -c <script>`: the CLI gets a TTY exactly as in a person's shell. */
export function terminal(home: string, script: string, size = { cols: 100, rows: 30 }) {
  let output = '';
  let exited: { exitCode: number } | undefined;
  const pty: IPty = spawnPty('/bin/sh', ['-c', script], {
    name: 'xterm-256color',
    ...size,
    cwd: process.cwd(),
    env: cliEnv(home, { TERM: 'xterm-256color' }),
  });
  pty.onData((data) => (output += data));
  pty.onExit((e) => (exited = e));
  return {
    pty,
    output: () => output,
    text: () => stripAnsi(output),
    exited: () => exited,
    async waitFor(text: string | RegExp, timeoutMs = 20_000) {
      await waitUntil(
        () =>
          typeof text === 'string'
            ? stripAnsi(output).includes(text)
            : text.test(stripAnsi(output)),
        () =>
          `${String(text)} on the terminal; got ${JSON.stringify(stripAnsi(output).slice(-600))}`,
        timeoutMs,
      );
    },
    async waitExit(timeoutMs = 20_000) {
      await waitUntil(() => exited !== undefined, 'the terminal process to exit', timeoutMs);
      return exited!.exitCode;
    },
    kill: () => {
      if (!exited) pty.kill('SIGKILL');
    },
  };
}

/** `rdv attach`, then the exit code and `stty -a` in the same terminal (is it cooked again?). */
export const attachScript = (args: string) =>
  `node ${CLI_BIN} ${args}; echo "CLI-EXIT=$?"; stty -a; echo STTY-DONE`;


// Output far above a pipe's 64 KiB buffer arrives whole when piped or redirected: the CLI used
// to call process.exit() before a non-blocking stdout had drained (issue 14's bug).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '@rdv/test-support';
import { CLI_BIN, cliEnv, rdv } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

const run = promisify(execFile);
const LINES = 40_000;

describe('piped output is complete', () => {
  const fx = useDaemon({ config: '[tmux]\nhistory_limit = 50000\n', env: { SHELL: '/bin/sh' } });

  it('scrollback of 40,000 lines through a shell pipe, a redirect and a socket pipe', async () => {
    const session = await fx.api.client.sessions.create.mutate({ name: 'big' });
    await fx.api.client.sessions.exec.mutate({ id: session.id, text: `seq 1 ${LINES}; echo done-$((6*7))` });
    await waitUntil(async () => (await fx.api.client.sessions.scrollback.query({ id: session.id, lines: 5 })).text.includes('done-42'), 'seq to finish', 60_000);
    const args = ['session', 'scrollback', session.id, '--lines', String(LINES + 50), '--json'];
    const expected = (await fx.api.client.sessions.scrollback.query({ id: session.id, lines: LINES + 50 })).text;
    expect(expected.length).toBeGreaterThan(200_000);

    // A real pipe (`| cat`) and a file redirect, from a shell.
    const quoted = [process.execPath, CLI_BIN, ...args].map((a) => `'${a}'`).join(' ');
    const file = join(fx.home, 'out.json');
    const piped = await run('sh', ['-c', `${quoted} | cat; ${quoted} > '${file}'`], {
      env: cliEnv(fx.home),
      maxBuffer: 64 * 1024 * 1024,
    });
    const [first] = piped.stdout.split('\n{').map((part, i) => (i ? `{${part}` : part));
    expect(JSON.parse(first!).text).toBe(expected);
    expect(JSON.parse(readFileSync(file, 'utf8')).text).toBe(expected);

    // The way scripts spawn it from node: stdout is a socket pair.
    const spawned = await rdv(fx.home, args);
    expect(spawned.code).toBe(0);
    expect(JSON.parse(spawned.stdout).text).toBe(expected);
  });
});

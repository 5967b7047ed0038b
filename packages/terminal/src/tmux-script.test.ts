import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCommands } from './tmux-error.ts';
import { formatLiteral, scriptArg, tmuxScript } from './tmux-script.ts';
import { startTestServer, type TestServer } from './testing/tmux-server.ts';

/** Everything tmux's parser or its formats could interpret, and bytes beyond ASCII. */
const HOSTILE = [
  '',
  ';',
  'ends;',
  'ends\\;',
  '#{session_name}',
  '##',
  '$HOME ${HOME} ~ ~root',
  `'single' "double" \`back\``,
  'two\nlines\r',
  '\\ \\n \\001 \\u0041',
  '%if 1',
  '{ braces }',
  '# a comment?',
  'tab\there é 日本 🙂',
];

describe('tmuxScript', () => {
  it('writes one line, every argument quoted, nothing tmux would expand left bare', () => {
    const script = tmuxScript([['set-buffer', '-b', 'x', 'a$b;#{c}\n'], ['show-buffer']]);
    expect(script).toBe(
      '"set-buffer" "-b" "x" "a\\044b\\073\\043\\173c\\175\\012" ; "show-buffer"\n',
    );
    expect(script.split('\n')).toHaveLength(2);
  });

  it('refuses a NUL byte, which tmux would silently cut at', () => {
    expect(() => scriptArg('a\0b')).toThrow(RangeError);
  });

  it('formatLiteral doubles every #', () => {
    expect(formatLiteral('#(x)#{y}##')).toBe('##(x)##{y}####');
  });

  it('error descriptions leave env values and typed text out', () => {
    const args = describeCommands([
      ['new-session', '-e', 'KEY=sk-secret', '-c', '/tmp'],
      ['send-keys', '-t', '=a:', '-l', '--', 'typed secret'],
    ]);
    expect(args.join(' ')).not.toContain('secret');
    expect(args).toEqual([
      'new-session',
      '-e',
      'KEY=…',
      '-c',
      '/tmp',
      ';',
      'send-keys',
      '-t',
      '=a:',
      '-l',
      '--',
      '<12 bytes>',
    ]);
  });
});

describe('values reach a real tmux byte for byte', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.session('rdv-script');
  });
  afterAll(async () => {
    await server.cleanup();
  });

  it('as plain arguments (set-buffer, read back with show-buffer)', async () => {
    for (const value of HOSTILE.filter((v) => v !== '')) {
      const out = await server.tmux.run([
        ['set-buffer', '-b', 'rdv-test', '--', value],
        ['show-buffer', '-b', 'rdv-test'],
      ]);
      expect(out, JSON.stringify(value)).toBe(value);
    }
  });

  it('in a format-expanded argument, escaped with formatLiteral (display-message)', async () => {
    const marker = join(server.dir, 'ran');
    for (const value of [...HOSTILE, `#(touch ${marker})`]) {
      const out = await server.tmux.run([
        ['display-message', '-p', '-t', '=rdv-script:', formatLiteral(value)],
      ]);
      expect(out, JSON.stringify(value)).toBe(`${value}\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await readdir(server.dir)).not.toContain('ran');
  });
});

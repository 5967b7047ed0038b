// The CLI's loader (apps/cli/src/entry.ts) runs its bundle with a V8 code cache in RDV_HOME/cache.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rdv } from '../helpers/cli.ts';
import { REPO_ROOT } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the CLI code cache', () => {
  const fx = useDaemon();
  const cacheFile = () => join(fx.home, 'cache', 'rdv.code-cache');

  it('is written 0600 once a command is done, and every later run prints the same', async () => {
    await fx.api.client.sessions.create.mutate({ name: 'cached' });
    const first = await rdv(fx.home, ['session', 'list', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual([expect.objectContaining({ name: 'cached' })]);
    expect(mode(join(fx.home, 'cache'))).toBe(0o700);
    expect(mode(cacheFile())).toBe(0o600);

    const cached = await rdv(fx.home, ['session', 'list', '--json']);
    expect(cached).toEqual(first);

    // A corrupt cache, then one that others may write: ignored, rewritten private.
    const bytes = readFileSync(cacheFile());
    const at = bytes.length - 100;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    writeFileSync(cacheFile(), bytes);
    expect(await rdv(fx.home, ['session', 'list', '--json'])).toEqual(first);
    expect(readFileSync(cacheFile()).equals(bytes)).toBe(false); // replaced by a good one
    chmodSync(cacheFile(), 0o666);
    expect(await rdv(fx.home, ['session', 'list', '--json'])).toEqual(first);
    expect(mode(cacheFile())).toBe(0o600);
  }, 60_000);

  // Regression: `rdv attach` and the menu failed with "A dynamic import callback was not
  // specified" once the cache existed (Node 20 drops a cached vm.Script's import() callback).
  it('bundles no import() call, for the CLI and the daemon', () => {
    for (const bundle of ['apps/cli/dist/cli.cjs', 'apps/daemon/dist/daemon.cjs']) {
      const calls = readFileSync(join(REPO_ROOT, bundle), 'latin1').match(/(?<![\w$.])import\(/g) ?? [];
      expect({ bundle, calls: calls.length }).toEqual({ bundle, calls: 0 });
    }
  });

  it('does not create a missing RDV_HOME just for its cache', async () => {
    const missing = join(fx.home, 'not-there');
    const result = await rdv(missing, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('session');
    expect(existsSync(missing)).toBe(false);
  });
});

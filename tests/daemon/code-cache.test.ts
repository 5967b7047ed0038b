import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '@rdv/test-support';
import { cleanupHome, getHealth, makeHome, readLog, startDaemon, type DaemonProcess } from '../helpers/daemon.ts';

// The daemon's loader (apps/daemon/src/entry.ts) runs the bundle with a V8 code cache in
// RDV_HOME/cache: written after the first start, taken by the next, never trusted blindly.
const cacheFile = (home: string) => join(home, 'cache', 'rdv-server.code-cache');
const mode = (path: string) => statSync(path).mode & 0o777;

/** The `codeCache` state each start logged, in order. */
const cacheStates = (home: string) => readLog(home).filter((line) => line.msg === 'code cache').map((line) => line.codeCache);

describe('the daemon code cache', () => {
  let home: string | undefined;
  let daemon: DaemonProcess | undefined;
  afterEach(async () => {
    await daemon?.stop();
    if (home) cleanupHome(home);
  });

  const startAndStop = async () => {
    daemon = await startDaemon(home);
    expect((await getHealth(daemon.apiSocket)).body.status).toBe('healthy');
    // Written (or found good) just after the first answers.
    const pid = daemon.child.pid;
    await waitUntil(() => readLog(home!).some((line) => line.msg === 'code cache' && line.pid === pid), 'the code cache line in server.log', 20_000);
    await daemon.stop();
    daemon = undefined;
  };

  it('is written 0600 in a 0700 folder by the first start and taken by the next', async () => {
    home = makeHome();
    await startAndStop();
    expect(mode(join(home, 'cache'))).toBe(0o700);
    expect(mode(cacheFile(home))).toBe(0o600);
    await startAndStop();
    expect(cacheStates(home)).toEqual(['absent', 'hit']);
  }, 60_000);

  it('starts from the source when the cache is corrupt or not private, and writes a good one', async () => {
    home = makeHome();
    await startAndStop();
    const bytes = readFileSync(cacheFile(home));
    const at = bytes.length - 100;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    writeFileSync(cacheFile(home), bytes, { mode: 0o600 });
    await startAndStop();
    expect(mode(cacheFile(home))).toBe(0o600);
    chmodSync(cacheFile(home), 0o644);
    await startAndStop();
    expect(mode(cacheFile(home))).toBe(0o600);
    await startAndStop();
    expect(cacheStates(home)).toEqual(['absent', 'corrupt', 'unsafe', 'hit']);
  }, 90_000);
});

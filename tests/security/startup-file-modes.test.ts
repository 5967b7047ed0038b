// Issue 12, finding 9: sqlite.db and its -wal/-shm (session environments, exec previews) were
// created 0644, and an existing cli-token at 0644 stayed so. Everything rdv creates is 0600, and
// a start tightens what it finds.
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';

const mode = (path: string) => statSync(path).mode & 0o777;
const DATABASE_FILES = ['sqlite.db', 'sqlite.db-wal', 'sqlite.db-shm'];

describe('file modes in RDV_HOME', () => {
  const fx = useDaemon();

  it('creates the database and its WAL files 0600', async () => {
    // A write, so the WAL surely exists.
    await fx.api.client.folders.create.mutate({ name: 'modes' });
    for (const file of DATABASE_FILES) {
      const path = join(fx.home, file);
      expect({ file, exists: existsSync(path) }).toEqual({ file, exists: true });
      expect({ file, mode: mode(path) }).toEqual({ file, mode: 0o600 });
    }
  });

  it('tightens files it finds readable by others when it starts', async () => {
    await fx.stop();
    const loosened = ['cli-token', 'config.toml', 'sqlite.db', 'server/service-token', 'server/server.log'];
    for (const file of loosened) chmodSync(join(fx.home, file), 0o644);
    await fx.start();
    for (const file of [...loosened, ...DATABASE_FILES]) {
      expect({ file, mode: mode(join(fx.home, file)) }).toEqual({ file, mode: 0o600 });
    }
    // The cli-token was valid and is kept (scripts may hold a copy), only its mode changed.
    expect((await fx.api.client.me.get.query()).tokenKind).toBe('cli');
  });

  it("keeps the user's umask for sessions (077 is for the daemon's own files, not people's shells)", async () => {
    const session = await fx.api.client.sessions.create.mutate({ name: 'umask', cwd: fx.home });
    const out = join(fx.home, 'session-umask.txt');
    await fx.api.client.sessions.exec.mutate({ id: session.id, text: `umask > ${out}` });
    await waitUntil(() => existsSync(out) && readFileSync(out, 'utf8').trim() !== '', 'the session to run umask', 20_000, 100);
    // The daemon was started with this process's umask (spawnDaemon inherits it).
    const expected = process.umask().toString(8).padStart(4, '0');
    expect(readFileSync(out, 'utf8').trim()).toBe(expected);
  });
});

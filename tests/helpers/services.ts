// The API services in this process, over a real (migrated) SQLite file and a real dedicated tmux
// server, with an injected clock: for tests where time matters (stalls, thresholds), which call
// the monitor's tick directly instead of waiting for it.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  appRouter,
  createApiServices,
  createCallerFactory,
  createContext,
  type ApiConfig,
  type ApiServices,
} from '@rdv/api';
import { createDb, defaultMigrationsDir, migrateDatabase, type PrismaClient } from '@rdv/db';
import { Tmux } from '@rdv/terminal';
import { cleanupHome, makeHome } from './daemon.ts';
import { silentLogger, waitUntil } from '@rdv/test-support';

const createCaller = createCallerFactory(appRouter);

export interface InProcess {
  home: string;
  db: PrismaClient;
  tmux: Tmux;
  services: ApiServices;
  userId: string;
  /** The injected clock: tests move it forward by hand. */
  clock: { now: Date; advance(seconds: number): void };
  /** `appRouter.createCaller` as the user, with a real CLI token. */
  caller: ReturnType<typeof createCaller>;
  /** That CLI token, for contexts a test builds itself. */
  token: string;
  /** The visible screen and recent history of a session. */
  screen(sessionId: string): Promise<string>;
  waitForScreen(sessionId: string, text: string, timeoutMs?: number): Promise<void>;
  /** A script file in the home folder, for sessions to run. */
  script(name: string, body: string): string;
  dispose(): Promise<void>;
}

/** `config`: settings over the defaults below (e.g. `[notifications]` channels). */
export async function startInProcess(config: Partial<ApiConfig> = {}): Promise<InProcess> {
  const home = makeHome();
  const dbPath = join(home, 'sqlite.db');
  migrateDatabase({ dbPath, migrationsDir: defaultMigrationsDir() });
  const db = createDb({ dbPath });
  const tmux = new Tmux({
    socketPath: join(home, 'tmux.sock'),
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  const clock = {
    now: new Date('2030-01-01T00:00:00Z'),
    advance(seconds: number) {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
  };
  const services = createApiServices({
    db,
    tmux,
    serviceToken: { current: () => ({ token: `svc_${'x'.repeat(40)}`, id: 'service-test' }) },
    health: {
      current: () => ({
        status: 'healthy',
        version: 'test',
        uptime_seconds: 0,
        components: { database: true, tmux: true },
        orphaned_tmux_sessions: [],
        metrics: { active_sessions: 0, websocket_connections: 0, pending_requests: 0 },
      }),
    },
    logger: silentLogger,
    config: { home, monitoring: { intervalMs: 1_000, stallThresholdSeconds: 60 }, ...config },
    now: () => clock.now,
  });
  const user = await db.user.create({ data: { username: 'alice' } });
  // The daemon's one owner, as the daemon makes it at start-up.
  services.auth.setOwner(user.id);
  const { token } = await services.tokens.create(user.id, { name: 'test' });
  // A plain POSIX shell with a fixed prompt: no rc files, nothing of the machine's set-up.
  await services.preferences.set(user.id, null, { shell: '/bin/sh', env: { PS1: '$ ', ENV: '' } });
  const caller = createCaller(
    createContext(services, {
      headers: { authorization: `Bearer ${token}` },
      transport: 'internal',
    }),
  );

  const screen = async (sessionId: string) =>
    (await caller.sessions.scrollback({ id: sessionId, lines: 200 })).text;
  return {
    home,
    db,
    tmux,
    services,
    userId: user.id,
    clock,
    caller,
    token,
    screen,
    waitForScreen: (sessionId, text, timeoutMs = 15_000) =>
      waitUntil(
        async () => (await screen(sessionId)).includes(text),
        JSON.stringify(text),
        timeoutMs,
      ),
    script(name, body) {
      const path = join(home, name);
      writeFileSync(path, body);
      chmodSync(path, 0o755);
      return path;
    },
    async dispose() {
      services.hubs.disposeAll();
      await db.$disconnect();
      cleanupHome(home);
    },
  };
}

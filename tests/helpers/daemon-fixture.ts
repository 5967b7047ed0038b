// Real daemons for a describe block: useDaemon() registers the home's set-up and the start
// (beforeAll, or beforeEach with perTest) and the clean-up (afterAll/afterEach), so a test file
// states only what is particular to it. Restarts, crashes, a second daemon on the same home and
// starts that must fail go through the fixture too, so its clean-up stops every one of them.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeGitRoot, makeRepo } from '@rdv/test-support';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  cleanupHome,
  cliClient,
  makeHome,
  spawnDaemon,
  startDaemon,
  writeConfig,
  type DaemonExit,
  type DaemonProcess,
} from './daemon.ts';

export interface DaemonOptions {
  /**
   * config.toml, written before the daemon starts; a function is called then (after the
   * file's earlier beforeAll hooks, e.g. receivers whose ports the config names).
   */
  config?: string | (() => string);
  /**
   * 'root': a temp folder for repositories, added to [worktrees] allowed_roots; 'repo': that,
   * with a repository (makeRepo's default contents) at <root>/repo.
   */
  git?: 'root' | 'repo';
  /** The daemon's environment, over the test process's. */
  env?: NodeJS.ProcessEnv;
  /**
   * Makes (or names) the RDV_HOME; makeHome() by default. A path that does not exist yet is
   * created by the daemon, as on a first run.
   */
  home?: () => string;
  /**
   * false: set the home up (config, git) but start nothing; the test prepares what the daemon
   * should find, then calls start() or spawn().
   * @default true
   */
  start?: boolean;
  /** A fresh home and daemon for every test (beforeEach/afterEach), not one for the block. */
  perTest?: boolean;
}

export interface DaemonFixture {
  /**
   * The daemon in use: the last one start() made, or one a test started by other means (handOver)
   * and put here. Teardown stops it and every other one started on the home.
   */
  daemon: DaemonProcess;
  /** Its RDV_HOME (a temp folder, removed with the daemon's tmux server at teardown). */
  readonly home: string;
  /** A client with the local CLI token for the current daemon, made on first use. */
  readonly api: ReturnType<typeof cliClient>;
  /** The allowed git root (needs `git`). */
  readonly root: string;
  /** The repository in it (needs `git: 'repo'`). */
  readonly repo: string;
  /** Starts a daemon on the home and waits until it answers; it becomes `daemon`. */
  start(env?: NodeJS.ProcessEnv): Promise<DaemonProcess>;
  /**
   * Spawns a daemon on the home without waiting for it: a second one, one that must fail, or
   * one a client should find by itself. It does not become `daemon`.
   */
  spawn(env?: NodeJS.ProcessEnv): DaemonProcess;
  /** SIGTERM to the daemon, and its exit; the home stays, `api` is closed. */
  stop(): Promise<DaemonExit>;
  /** SIGKILL to the daemon (a crash: its pid file and sockets stay), and its exit; `api` is closed. */
  crash(): Promise<DaemonExit>;
  /** stop(), then start() on the same home. */
  restart(env?: NodeJS.ProcessEnv): Promise<DaemonProcess>;
}

export function useDaemon(options: DaemonOptions = {}): DaemonFixture {
  let daemon: DaemonProcess | undefined;
  let home: string | undefined;
  let api: ReturnType<typeof cliClient> | undefined;
  let root: string | undefined;
  let repo: string | undefined;
  /** Every daemon started or spawned on the home, for teardown. */
  const started: DaemonProcess[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`useDaemon: no ${what} (outside a test, or not asked for)`);
    return value;
  };
  const envFor = (env: NodeJS.ProcessEnv = {}) => ({ ...options.env, ...env });
  const closeApi = async () => {
    const closing = api;
    api = undefined;
    await closing?.close();
  };

  const setUp = async () => {
    home = (options.home ?? makeHome)();
    let config = (typeof options.config === 'function' ? options.config() : options.config) ?? '';
    if (options.git) {
      root = makeGitRoot();
      if (options.git === 'repo') repo = makeRepo(join(root, 'repo'));
      config = withAllowedRoot(config, root);
    }
    if (config) {
      mkdirSync(home, { recursive: true, mode: 0o700 }); // a `home` option may name a new folder
      writeConfig(home, config);
    }
    if (options.start !== false) await fixture.start();
  };

  const tearDown = async () => {
    try {
      await closeApi();
      await Promise.all(started.splice(0).map((d) => d.stop()));
    } finally {
      if (home) cleanupHome(home);
      if (root) rmSync(root, { recursive: true, force: true });
      daemon = home = root = repo = undefined;
    }
  };

  if (options.perTest) {
    beforeEach(setUp);
    afterEach(tearDown);
  } else {
    beforeAll(setUp);
    afterAll(tearDown);
  }

  const fixture: DaemonFixture = {
    get daemon() {
      return ready(daemon, 'daemon');
    },
    set daemon(next: DaemonProcess) {
      daemon = next;
      if (!started.includes(next)) started.push(next);
    },
    get home() {
      return ready(home, 'home');
    },
    get api() {
      api ??= cliClient(ready(daemon, 'daemon'));
      return api;
    },
    get root() {
      return ready(root, 'git root');
    },
    get repo() {
      return ready(repo, 'repository');
    },
    async start(env) {
      await closeApi();
      daemon = await startDaemon(ready(home, 'home'), envFor(env));
      started.push(daemon);
      return daemon;
    },
    spawn(env) {
      const spawned = spawnDaemon(ready(home, 'home'), envFor(env));
      started.push(spawned);
      return spawned;
    },
    async stop() {
      await closeApi();
      return ready(daemon, 'daemon').stop();
    },
    async crash() {
      const running = ready(daemon, 'daemon');
      running.child.kill('SIGKILL');
      const exit = await running.exited;
      await closeApi();
      return exit;
    },
    async restart(env) {
      await fixture.stop();
      return fixture.start(env);
    },
  };
  return fixture;
}

/** `config` with `root` as the only [worktrees] allowed root. */
function withAllowedRoot(config: string, root: string): string {
  const line = `allowed_roots = ["${root}"]\n`;
  if (/^\[worktrees\]\n/m.test(config))
    return config.replace(/^\[worktrees\]\n/m, `[worktrees]\n${line}`);
  return `${config}${config && !config.endsWith('\n') ? '\n' : ''}[worktrees]\n${line}`;
}

// One real daemon for a describe block: useDaemon() registers its start (beforeAll) and its
// clean-up (afterAll), so a test file states only what is particular to it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeGitRoot, makeRepo } from '@rdv/test-support';
import { afterAll, beforeAll } from 'vitest';
import {
  cleanupHome,
  cliClient,
  makeHome,
  startDaemon,
  writeConfig,
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
}

export interface DaemonFixture {
  /** The running daemon; a test that restarts it puts the new one here, and teardown stops it. */
  daemon: DaemonProcess;
  /** Its RDV_HOME (a temp folder, removed with the daemon's tmux server at teardown). */
  readonly home: string;
  /** A client with the local CLI token, made on first use and closed at teardown. */
  readonly api: ReturnType<typeof cliClient>;
  /** The allowed git root (needs `git`). */
  readonly root: string;
  /** The repository in it (needs `git: 'repo'`). */
  readonly repo: string;
}

export function useDaemon(options: DaemonOptions = {}): DaemonFixture {
  let daemon: DaemonProcess | undefined;
  let home: string | undefined;
  let api: ReturnType<typeof cliClient> | undefined;
  let root: string | undefined;
  let repo: string | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`useDaemon: no ${what} (outside a test, or not asked for)`);
    return value;
  };

  beforeAll(async () => {
    home = makeHome();
    let config = (typeof options.config === 'function' ? options.config() : options.config) ?? '';
    if (options.git) {
      root = makeGitRoot();
      if (options.git === 'repo') repo = makeRepo(join(root, 'repo'));
      config = withAllowedRoot(config, root);
    }
    if (config) writeConfig(home, config);
    daemon = await startDaemon(home, options.env);
  });

  afterAll(async () => {
    try {
      await api?.close();
      await daemon?.stop();
    } finally {
      api = undefined;
      if (home) cleanupHome(home);
      if (root) rmSync(root, { recursive: true, force: true });
    }
  });

  return {
    get daemon() {
      return ready(daemon, 'daemon');
    },
    set daemon(next: DaemonProcess) {
      daemon = next;
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
  };
}

/** `config` with `root` as the only [worktrees] allowed root. */
function withAllowedRoot(config: string, root: string): string {
  const line = `allowed_roots = ["${root}"]\n`;
  if (/^\[worktrees\]\n/m.test(config))
    return config.replace(/^\[worktrees\]\n/m, `[worktrees]\n${line}`);
  return `${config}${config && !config.endsWith('\n') ? '\n' : ''}[worktrees]\n${line}`;
}

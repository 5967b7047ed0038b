import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { homeLayout } from '@rdv/contract/home';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHomePaths } from './home-paths.ts';
import { loadConfig } from './load-config.ts';

describe('readHomePaths', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'rdv-paths-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('is the default layout without a config.toml, and writes none', () => {
    expect(readHomePaths(home)).toEqual(homeLayout(home));
    expect(existsSync(join(home, 'config.toml'))).toBe(false);
  });

  it('follows the paths config.toml moves, resolved exactly as the daemon resolves them', () => {
    writeFileSync(
      join(home, 'config.toml'),
      [
        '[server]',
        'api_socket = "sockets/api.sock"',
        'terminal_socket = "/tmp/rdv-term.sock"',
        'pid_file = "~/rdv.pid"',
        '[database]',
        'path = "  data/rdv.db  "',
        '[auth]',
        'cli_token_file = "tokens/cli"',
        '[tmux]',
        'socket = "t.sock"',
      ].join('\n'),
    );
    const paths = readHomePaths(home);
    expect(paths).toMatchObject({
      apiSocket: join(home, 'sockets/api.sock'),
      terminalSocket: '/tmp/rdv-term.sock',
      pidFile: join(homedir(), 'rdv.pid'),
      databaseFile: join(home, 'data/rdv.db'),
      cliTokenFile: join(home, 'tokens/cli'),
      tmuxSocket: join(home, 't.sock'),
      logFile: join(home, 'server/server.log'),
    });
    const daemon = loadConfig(home);
    expect(paths).toMatchObject({
      apiSocket: daemon.apiSocket,
      terminalSocket: daemon.terminalSocket,
      pidFile: daemon.pidFile,
      logFile: daemon.logFile,
      databaseFile: daemon.databasePath,
      serviceTokenFile: daemon.serviceTokenFile,
      cliTokenFile: daemon.cliTokenFile,
      tmuxSocket: daemon.tmuxSocket,
      trashDir: daemon.cleanup.trashDir,
    });
  });

  it('keeps the defaults for a config.toml the daemon would refuse', () => {
    writeFileSync(join(home, 'config.toml'), '[server\napi_socket = "x.sock"\n');
    expect(readHomePaths(home)).toEqual(homeLayout(home));
    writeFileSync(join(home, 'config.toml'), '[server]\napi_socket = 5\nterminal_socket = "  "\n');
    expect(readHomePaths(home)).toEqual(homeLayout(home));
  });
});


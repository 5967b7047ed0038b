import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfigToml } from './default-config.ts';
import { ConfigError, loadConfig, resolveHome, validateConfigDocument } from './load-config.ts';
import { DEFAULTS } from './schema.ts';

describe('validateConfigDocument', () => {
  it('fills every default from an empty document', () => {
    expect(validateConfigDocument({})).toEqual(DEFAULTS);
  });

  it('the default config.toml parses back to the defaults', () => {
    expect(validateConfigDocument(parse(defaultConfigToml()))).toEqual(DEFAULTS);
  });

  it.each([
    [{ server: { log_level: 'loud' } }, /server\.log_level: Invalid option/],
    [{ monitoring: { interval_seconds: -5 } }, /monitoring\.interval_seconds: must be at least 1/],
    [{ monitoring: { interval_seconds: 1.5 } }, /monitoring\.interval_seconds: must be a whole number/],
    [{ database: { path: 42 } }, /database\.path: .*expected string/],
    [{ database: { path: '   ' } }, /database\.path: must not be empty/],
    [{ tmux: { history_limit: 10 } }, /tmux\.history_limit: must be at least 100/],
    [{ server: { shutdown_timeout_seconds: 0 } }, /server\.shutdown_timeout_seconds/],
    [{ cleanup: 'daily' }, /cleanup: .*expected object/],
    [{ worktrees: { allowed_roots: [] } }, /worktrees\.allowed_roots: must list at least one folder/],
    [{ worktrees: { allowed_roots: '~' } }, /worktrees\.allowed_roots: must be a list of paths/],
    [{ worktrees: { allowed_roots: ['~', ''] } }, /worktrees\.allowed_roots\.1: must not be empty/],
    [{ worktrees: { setup_command: '  ' } }, /worktrees\.setup_command: must not be empty/],
    [{ worktrees: { setup_command: 42 } }, /worktrees\.setup_command: must be a string/],
    [{ worktrees: { setup_timeout_seconds: 0 } }, /worktrees\.setup_timeout_seconds: must be at least 1/],
    [{ cleanup: { trash_dir: '' } }, /cleanup\.trash_dir: must not be empty/],
  ])('names the key and the reason for %j', (document, message) => {
    expect(() => validateConfigDocument(document)).toThrow(ConfigError);
    expect(() => validateConfigDocument(document)).toThrow(message);
  });

  it('refuses unknown keys and sections, so typos are reported', () => {
    expect(() => validateConfigDocument({ server: { log_levle: 'info' } })).toThrow(
      /server\.log_levle: unknown key/,
    );
    expect(() => validateConfigDocument({ srever: {} })).toThrow(/srever: unknown key/);
  });

  it('reports several problems at once', () => {
    expect(() =>
      validateConfigDocument({ server: { log_level: 'x' }, cleanup: { trash_retention_days: -1 } }),
    ).toThrow(/server\.log_level.*; cleanup\.trash_retention_days/);
  });
});

describe('loadConfig', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'rdv-cfg-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('writes the commented default file on first load and resolves paths under home', () => {
    const config = loadConfig(home);
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).toContain('[monitoring]');
    expect(config.apiSocket).toBe(join(home, 'api.sock'));
    expect(config.pidFile).toBe(join(home, 'server/server.pid'));
    expect(config.databasePath).toBe(join(home, 'sqlite.db'));
    expect(config.shutdownTimeoutMs).toBe(10_000);
  });

  it('keeps absolute paths and expands ~', () => {
    writeFileSync(join(home, 'config.toml'), '[database]\npath = "/tmp/x.db"\n[server]\nlog_file = "~/rdv.log"\n');
    const config = loadConfig(home);
    expect(config.databasePath).toBe('/tmp/x.db');
    expect(config.logFile).toMatch(/\/rdv\.log$/);
    expect(config.logFile.startsWith('~')).toBe(false);
  });

  it('gives line and column for malformed TOML', () => {
    writeFileSync(join(home, 'config.toml'), '[server]\napi_socket = \n');
    expect(() => loadConfig(home)).toThrow(/config\.toml: line 2, column \d+: invalid TOML/);
  });

  it('refuses a socket path too long for a unix socket', () => {
    writeFileSync(join(home, 'config.toml'), `[server]\napi_socket = "${'a'.repeat(120)}.sock"\n`);
    expect(() => loadConfig(home)).toThrow(/server\.api_socket: socket path .* longer than 107 bytes/);
  });

  it('maps [worktrees] and [cleanup]: roots expand ~, the trash folder is under home', () => {
    const defaults = loadConfig(home);
    expect(defaults.worktrees).toEqual({ allowedRoots: [homedir()], setupCommand: null, setupTimeoutSeconds: 600 });
    expect(defaults.cleanup).toEqual({ trashRetentionDays: 30, cleanupIntervalHours: 24, trashDir: join(home, 'trash') });

    writeFileSync(
      join(home, 'config.toml'),
      '[worktrees]\nallowed_roots = ["~/src", "/srv/repos/"]\nsetup_command = "npm ci && npm run build"\nsetup_timeout_seconds = 60\n' +
        '[cleanup]\ntrash_dir = "/var/tmp/rdv-trash"\ntrash_retention_days = 7\n',
    );
    const config = loadConfig(home);
    expect(config.worktrees).toEqual({
      allowedRoots: [join(homedir(), 'src'), '/srv/repos'],
      setupCommand: 'npm ci && npm run build',
      setupTimeoutSeconds: 60,
    });
    expect(config.cleanup).toMatchObject({ trashDir: '/var/tmp/rdv-trash', trashRetentionDays: 7 });
  });

  it('refuses a relative allowed root, naming its index', () => {
    writeFileSync(join(home, 'config.toml'), '[worktrees]\nallowed_roots = ["/ok", "src"]\n');
    expect(() => loadConfig(home)).toThrow(/worktrees\.allowed_roots\.1: "src" must be an absolute path or start with ~/);
  });

  it('refuses unknown keys in [worktrees]', () => {
    expect(() => validateConfigDocument({ worktrees: { allowed_root: ['~'] } })).toThrow(
      /worktrees\.allowed_root: unknown key/,
    );
  });

  it('resolveHome honours RDV_HOME', () => {
    expect(resolveHome({ RDV_HOME: '/tmp/somewhere' })).toBe('/tmp/somewhere');
    expect(resolveHome({})).toMatch(/\.rdv$/);
  });
});

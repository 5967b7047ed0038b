import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfigToml } from './default-config.ts';
import { resolveHome } from './home.ts';
import { ConfigError, loadConfig, tmuxServerCount, validateConfigDocument } from './load-config.ts';
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
    [
      { monitoring: { interval_seconds: 1.5 } },
      /monitoring\.interval_seconds: must be a whole number/,
    ],
    [{ database: { path: 42 } }, /database\.path: .*expected string/],
    [{ limits: { calls_per_second: 0 } }, /limits\.calls_per_second: must be more than 0/],
    [{ limits: { expensive_burst: 0.5 } }, /limits\.expensive_burst: must be a whole number/],
    [{ limits: { max_subscriptions_per_token: 0 } }, /limits\.max_subscriptions_per_token: must be at least 1/],
    [{ audit: { retention_days: 0 } }, /audit\.retention_days: must be at least 1/],
    [{ auth: { service_token_grace_seconds: -1 } }, /auth\.service_token_grace_seconds: must be at least 0/],
    [{ database: { path: '   ' } }, /database\.path: must not be empty/],
    [{ tmux: { history_limit: 10 } }, /tmux\.history_limit: must be at least 100/],
    [{ server: { shutdown_timeout_seconds: 0 } }, /server\.shutdown_timeout_seconds/],
    [{ cleanup: 'daily' }, /cleanup: .*expected object/],
    [
      { worktrees: { allowed_roots: [] } },
      /worktrees\.allowed_roots: must list at least one folder/,
    ],
    [{ worktrees: { allowed_roots: '~' } }, /worktrees\.allowed_roots: must be a list of paths/],
    [{ worktrees: { allowed_roots: ['~', ''] } }, /worktrees\.allowed_roots\.1: must not be empty/],
    [{ worktrees: { setup_command: '  ' } }, /worktrees\.setup_command: must not be empty/],
    [{ worktrees: { setup_command: 42 } }, /worktrees\.setup_command: must be a string/],
    [
      { worktrees: { setup_timeout_seconds: 0 } },
      /worktrees\.setup_timeout_seconds: must be at least 1/,
    ],
    [{ cleanup: { trash_dir: '' } }, /cleanup\.trash_dir: must not be empty/],
    [{ web: { port: 70_000 } }, /web\.port: must be at most 65535/],
    [{ web: { host: '' } }, /web\.host: must not be empty/],
    [{ web: { trusted_proxies: ['localhost'] } }, /web\.trusted_proxies\.0: must be an IP address/],
    [{ web: { trusted_proxies: '127.0.0.1' } }, /web\.trusted_proxies: must be a list/],
    [{ web: { allowed_hosts: ['http://rdv.lan'] } }, /web\.allowed_hosts\.0: must be a host name/],
    [{ web: { allowed_hosts: ['a b'] } }, /web\.allowed_hosts\.0: must be a host name/],
    [
      { web: { websocket_compression: 'yes' } },
      /web\.websocket_compression: must be true or false/,
    ],
    [
      { web: { cloudflare: { team_domain: 'myteam', allowed_emails: ['a@b.co'] } } },
      /web\.cloudflare\.audience/,
    ],
    [
      { web: { cloudflare: { team_domain: 'x y', audience: 'a', allowed_emails: ['a@b.co'] } } },
      /web\.cloudflare\.team_domain: must be your team name/,
    ],
    [
      { web: { cloudflare: { team_domain: 't', audience: 'a', allowed_emails: [] } } },
      /web\.cloudflare\.allowed_emails: must list at least one/,
    ],
    [
      { web: { cloudflare: { team_domain: 't', audience: 'a', allowed_emails: ['nobody'] } } },
      /web\.cloudflare\.allowed_emails\.0: must be an email address/,
    ],
    [
      {
        web: {
          cloudflare: {
            team_domain: 't',
            audience: 'a',
            allowed_emails: ['a@b.co'],
            certs_url: 'ftp://x',
          },
        },
      },
      /web\.cloudflare\.certs_url: must be an http\(s\) URL/,
    ],
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
    writeFileSync(
      join(home, 'config.toml'),
      '[database]\npath = "/tmp/x.db"\n[server]\nlog_file = "~/rdv.log"\n',
    );
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
    expect(() => loadConfig(home)).toThrow(
      /server\.api_socket: socket path .* longer than 107 bytes/,
    );
  });

  it('maps [worktrees] and [cleanup]: roots expand ~, the trash folder is under home', () => {
    const defaults = loadConfig(home);
    expect(defaults.worktrees).toEqual({
      allowedRoots: [homedir()],
      setupCommand: null,
      setupTimeoutSeconds: 600,
    });
    expect(defaults.cleanup).toEqual({
      trashRetentionDays: 30,
      cleanupIntervalHours: 24,
      trashDir: join(home, 'trash'),
    });

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
    expect(() => loadConfig(home)).toThrow(
      /worktrees\.allowed_roots\.1: "src" must be an absolute path or start with ~/,
    );
  });

  it('refuses unknown keys in [worktrees]', () => {
    expect(() => validateConfigDocument({ worktrees: { allowed_root: ['~'] } })).toThrow(
      /worktrees\.allowed_root: unknown key/,
    );
  });

  it('maps [web]: local login by default, Cloudflare Access when [web.cloudflare] is set', () => {
    expect(loadConfig(home).web).toEqual({
      host: '127.0.0.1',
      port: 4780,
      websocketCompression: false,
      trustedProxies: [],
      allowedHosts: [],
      cloudflare: null,
    });

    writeFileSync(
      join(home, 'config.toml'),
      '[web]\nhost = "0.0.0.0"\nport = 8080\ntrusted_proxies = ["127.0.0.1", "10.0.0.0/8", "::1"]\nallowed_hosts = ["RDV.lan", "192.168.1.20:8080", "[fd00::1]:8080"]\n[web.cloudflare]\nteam_domain = "https://MyTeam.cloudflareaccess.com/"\n' +
        'audience = "aud-tag"\nallowed_emails = ["Me@Example.com", "*@corp.example", "me@example.com"]\nhostname = "rdv.example.com"\n',
    );
    expect(loadConfig(home).web).toEqual({
      host: '0.0.0.0',
      port: 8080,
      websocketCompression: false,
      trustedProxies: ['127.0.0.1', '10.0.0.0/8', '::1'],
      allowedHosts: ['rdv.lan', '192.168.1.20:8080', '[fd00::1]:8080'],
      cloudflare: {
        issuer: 'https://myteam.cloudflareaccess.com',
        audience: 'aud-tag',
        allowedEmails: ['me@example.com', '*@corp.example'],
        certsUrl: 'https://myteam.cloudflareaccess.com/cdn-cgi/access/certs',
        hostname: 'rdv.example.com',
      },
    });
  });

  it('accepts a certs_url override for [web.cloudflare] (tests serve their own keys)', () => {
    writeFileSync(
      join(home, 'config.toml'),
      '[web.cloudflare]\nteam_domain = "t"\naudience = "a"\nallowed_emails = ["a@b.co"]\ncerts_url = "http://127.0.0.1:9/certs"\n',
    );
    expect(loadConfig(home).web.cloudflare).toMatchObject({
      issuer: 'https://t.cloudflareaccess.com',
      certsUrl: 'http://127.0.0.1:9/certs',
    });
  });

  it('maps [limits], [audit] and the service token grace period', () => {
    const defaults = loadConfig(home);
    expect(defaults.limits).toMatchObject({ default: { burst: 600, perSecond: 100 }, maxSubscriptionsPerToken: 256 });
    expect(defaults.audit).toEqual({ retentionDays: 90 });
    expect(defaults.serviceTokenGraceSeconds).toBe(300);
    writeFileSync(
      join(home, 'config.toml'),
      '[limits]\nterminal_per_second = 0.5\nterminal_burst = 3\nauth_free_failures = 0\n[audit]\nretention_days = 7\n[auth]\nservice_token_grace_seconds = 0\n',
    );
    const config = loadConfig(home);
    expect(config.limits.terminal).toEqual({ burst: 3, perSecond: 0.5 });
    expect(config.limits.authFreeFailures).toBe(0);
    expect(config.audit.retentionDays).toBe(7);
    expect(config.serviceTokenGraceSeconds).toBe(0);
  });

  it('maps [files]: 20 MB uploads and 100 MB downloads by default, in RDV_HOME/uploads', () => {
    expect(loadConfig(home).files).toEqual({
      uploadMaxBytes: 20 * 1024 * 1024,
      downloadMaxBytes: 100 * 1024 * 1024,
      uploadsDir: join(home, 'uploads'),
    });
    writeFileSync(join(home, 'config.toml'), '[files]\nupload_max_mb = 0.5\ndownload_max_mb = 2\nuploads_dir = "up"\n');
    expect(loadConfig(home).files).toEqual({
      uploadMaxBytes: 512 * 1024,
      downloadMaxBytes: 2 * 1024 * 1024,
      uploadsDir: join(home, 'up'),
    });
    writeFileSync(join(home, 'config.toml'), '[files]\nupload_max_mb = 0\n');
    expect(() => loadConfig(home)).toThrow(/files\.upload_max_mb: must be at least 0\.001/);
  });

  it('maps [notifications]: a link to the web listener by default, channels, quiet hours', () => {
    expect(loadConfig(home).notifications).toEqual({
      dashboardUrl: 'http://127.0.0.1:4780',
      states: ['waiting', 'permission', 'stalled', 'error', 'finished'],
      minIntervalMs: 15_000,
      quietHours: null,
      vapidSubject: 'mailto:rdv@localhost',
      ntfy: null,
      webhook: null,
    });
    writeFileSync(
      join(home, 'config.toml'),
      [
        '[notifications]',
        'dashboard_url = "https://rdv.example.com/"',
        'states = ["waiting", "stalled"]',
        'quiet_hours = "22:30-07:00"',
        '[notifications.ntfy]',
        'url = "http://ntfy.lan/agents"',
        'token = "tk_secret"',
        '[notifications.webhook]',
        'url = "https://discord.com/api/webhooks/1/abc"',
        'format = "discord"',
      ].join('\n'),
    );
    const config = loadConfig(home).notifications;
    expect(config.dashboardUrl).toBe('https://rdv.example.com');
    expect(config.states).toEqual(['waiting', 'stalled']);
    expect(config.quietHours).toEqual({ startMinute: 22 * 60 + 30, endMinute: 7 * 60 });
    expect(config.ntfy).toEqual({ url: 'http://ntfy.lan/agents', token: 'tk_secret' });
    expect(config.webhook).toEqual({ url: 'https://discord.com/api/webhooks/1/abc', format: 'discord' });
  });

  it('refuses a bad [notifications] key without repeating the secret URL', () => {
    writeFileSync(
      join(home, 'config.toml'),
      '[notifications]\nquiet_hours = "late"\n[notifications.webhook]\nurl = "ftp://hooks.example/SECRET-PART"\nformat = "teams"\n',
    );
    let message = '';
    try {
      loadConfig(home);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/notifications\.quiet_hours: must be HH:MM-HH:MM/);
    expect(message).toMatch(/notifications\.webhook\.url: must be an http\(s\) URL/);
    expect(message).toMatch(/notifications\.webhook\.format: must be one of json, slack, discord/);
    expect(message).not.toContain('SECRET-PART');
  });

  it('maps the log rotation keys: 10 MB and 5 files by default, fractions of a MB allowed', () => {
    expect(loadConfig(home).logRotation).toEqual({ maxBytes: 10 * 1024 * 1024, keep: 5 });
    writeFileSync(join(home, 'config.toml'), '[server]\nlog_max_size_mb = 0.5\nlog_keep = 1\n');
    expect(loadConfig(home).logRotation).toEqual({ maxBytes: 512 * 1024, keep: 1 });
    writeFileSync(join(home, 'config.toml'), '[server]\nlog_max_size_mb = 0\nlog_keep = 0\n');
    expect(() => loadConfig(home)).toThrow(/server\.log_max_size_mb: must be at least 0\.1; server\.log_keep: must be at least 1/);
  });

  it('still starts with the retired database.max_connections (earlier versions wrote it), with a warning', () => {
    expect(loadConfig(home).warnings).toEqual([]);
    writeFileSync(join(home, 'config.toml'), '[database]\npath = "sqlite.db"\nmax_connections = 10\n');
    const config = loadConfig(home);
    expect(config.warnings).toEqual([expect.stringMatching(/database\.max_connections is no longer used .*remove it/)]);
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).toContain('max_connections');
  });

  it('resolveHome honours RDV_HOME', () => {
    expect(resolveHome({ RDV_HOME: '/tmp/somewhere' })).toBe('/tmp/somewhere');
    expect(resolveHome({})).toMatch(/\.rdv$/);
  });
});

describe('[tmux] servers', () => {
  it('0 (the default) is one fewer than the CPU cores, at least 1 and at most 8', () => {
    expect(DEFAULTS.tmux.servers).toBe(0);
    expect([1, 2, 3, 4, 9, 64].map((cores) => tmuxServerCount(0, cores))).toEqual([1, 1, 2, 3, 8, 8]);
  });

  it('a number is taken as it is; out of 0-64 is refused', () => {
    expect(tmuxServerCount(5, 2)).toBe(5);
    expect(validateConfigDocument({ tmux: { servers: 12 } }).tmux.servers).toBe(12);
    expect(() => validateConfigDocument({ tmux: { servers: 65 } })).toThrow(ConfigError);
    expect(() => validateConfigDocument({ tmux: { servers: -1 } })).toThrow(ConfigError);
  });
});

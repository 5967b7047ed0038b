import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rdv/config';
import { AlreadyRunningError } from './pid-file.ts';
import { explainStartupFailure } from './startup-error.ts';

const errno = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code, path });

describe('explainStartupFailure', () => {
  it('gives every failure a cause and a fix, in one line', () => {
    const cases = [
      explainStartupFailure(new ConfigError('/h/config.toml: limits.calls_burst: must be at least 1')),
      explainStartupFailure(new AlreadyRunningError(42)),
      explainStartupFailure(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }), { databasePath: '/h/sqlite.db' }),
      explainStartupFailure(errno('EACCES', '/h/server')),
      explainStartupFailure(errno('ENOSPC', '/h/sqlite.db')),
      explainStartupFailure(new Error('something odd\n    at somewhere'), { logFile: '/h/server/server.log' }),
    ].map((failure) => failure.message);
    expect(cases).toEqual([
      '/h/config.toml: limits.calls_burst: must be at least 1; correct config.toml, then start again',
      'rdv-server is already running (pid 42); stop it first (rdv server stop) or use rdv server restart',
      expect.stringMatching(/^the database \/h\/sqlite\.db is damaged \(database disk image is malformed\); move it aside .*mv \/h\/sqlite\.db \/h\/sqlite\.db\.damaged/),
      expect.stringMatching(/^permission denied on \/h\/server; .*chown/),
      'the disk is full (writing /h/sqlite.db); free some space, then start again',
      'failed to start: something odd; see /h/server/server.log for details',
    ]);
    for (const line of cases) expect(line).not.toContain('\n');
  });

  it('finds a damaged database behind a wrapping error (Prisma wraps the SQLite one)', () => {
    const wrapped = new Error('query failed', { cause: Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }) });
    expect(explainStartupFailure(wrapped, { databasePath: '/h/sqlite.db' }).problem).toMatch(/is damaged/);
  });
});

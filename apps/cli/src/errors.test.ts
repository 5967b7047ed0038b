import { describe, expect, it } from 'vitest';
import { CliError, ExitCode, isConnectionError, oneLine, toCliError } from './errors.ts';

const trpcError = (
  code: string,
  message: string,
  zodError: unknown = null,
  extra: Record<string, unknown> = {},
) => Object.assign(new Error(message), { data: { code, zodError, ...extra } });

describe('toCliError', () => {
  it('maps a socket nobody listens on to "daemon down" (4)', () => {
    const refused = new Error('fetch failed', {
      cause: Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }),
    });
    expect(isConnectionError(refused)).toBe(true);
    const error = toCliError(refused, '/h/api.sock');
    expect(error.exitCode).toBe(ExitCode.daemonDown);
    expect(error.message).toContain('rdv server start');
  });

  it('maps tRPC codes to exit codes', () => {
    expect(toCliError(trpcError('NOT_FOUND', 'session x not found'), '').exitCode).toBe(
      ExitCode.notFound,
    );
    expect(toCliError(trpcError('UNAUTHORIZED', 'token revoked'), '').exitCode).toBe(
      ExitCode.unauthorized,
    );
    expect(toCliError(trpcError('CONFLICT', 'taken'), '').exitCode).toBe(ExitCode.error);
    expect(toCliError(trpcError('PRECONDITION_FAILED', 'suspended'), '').exitCode).toBe(
      ExitCode.error,
    );
  });

  it('says "rate limited; retry after N s" from data.retryAfterSeconds', () => {
    const limited = toCliError(
      trpcError('TOO_MANY_REQUESTS', 'too many calls; retry after 3 s', null, {
        retryAfterSeconds: 7,
      }),
      '',
    );
    expect(limited.message).toBe('rate limited; retry after 7 s');
    expect(limited.exitCode).toBe(ExitCode.error);
    // Without the field, the server's message is kept.
    expect(toCliError(trpcError('TOO_MANY_REQUESTS', 'slow down'), '').message).toBe(
      'rate limited; slow down',
    );
  });

  it("turns zod's flattened errors into one usage line", () => {
    const error = toCliError(
      trpcError('BAD_REQUEST', '[{...}]', {
        formErrors: [],
        fieldErrors: { name: ['too long'], cwd: ['must be absolute'] },
      }),
      '',
    );
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe('invalid input: name: too long; cwd: must be absolute');
  });

  it('keeps CliErrors and flattens messages to one line', () => {
    const own = new CliError('x', 3);
    expect(toCliError(own, '')).toBe(own);
    expect(oneLine('a\n  b\nc')).toBe('a; b; c');
    expect(toCliError(new Error('line one\nline two'), '').message).toBe('line one; line two');
  });
});

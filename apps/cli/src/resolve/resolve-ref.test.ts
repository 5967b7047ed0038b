import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../errors.ts';
import { resolveRef } from './resolve-ref.ts';

const sessions = [
  { id: 'aaaa1111bbbb2222cccc3333', name: 'api', status: 'active' },
  { id: 'aaaa1111ffff2222cccc3333', name: 'web', status: 'active' },
  { id: 'bbbb0000aaaa1111cccc2222', name: 'api', status: 'closed' },
  { id: 'cccc0000aaaa1111cccc2222', name: 'dup', status: 'active' },
  { id: 'dddd0000aaaa1111cccc2222', name: 'dup', status: 'active' },
];
const live = (s: { status: string }) => s.status === 'active';

function failure(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('resolveRef', () => {
  it('takes a full id first', () => {
    expect(resolveRef(sessions, 'bbbb0000aaaa1111cccc2222', { kind: 'session' }).name).toBe('api');
  });

  it('takes a unique id prefix', () => {
    expect(resolveRef(sessions, 'bbbb', { kind: 'session' }).id).toBe('bbbb0000aaaa1111cccc2222');
    expect(resolveRef(sessions, 'aaaa1111f', { kind: 'session' }).name).toBe('web');
  });

  it('prefers an exact name over an id prefix', () => {
    const items = [
      { id: 'beef0000', name: 'x' },
      { id: 'cafe0000', name: 'beef' },
    ];
    expect(resolveRef(items, 'beef', { kind: 'session' }).id).toBe('cafe0000');
  });

  it('breaks a name tie with the preferred (live) item', () => {
    expect(resolveRef(sessions, 'api', { kind: 'session', prefer: live }).id).toBe(
      'aaaa1111bbbb2222cccc3333',
    );
  });

  it('refuses an ambiguous name and lists the candidates (usage error)', () => {
    const error = failure(() => resolveRef(sessions, 'dup', { kind: 'session', prefer: live }));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('"dup" matches 2 sessions');
    expect(error.message).toContain('cccc0000aaaa1111cccc2222 (dup)');
    expect(error.message).toContain('dddd0000aaaa1111cccc2222 (dup)');
  });

  it('refuses an ambiguous id prefix', () => {
    const error = failure(() => resolveRef(sessions, 'aaaa1111', { kind: 'session' }));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toMatch(
      /matches 2 sessions: aaaa1111bbbb2222cccc3333 \(api\), aaaa1111ffff2222cccc3333 \(web\)/,
    );
  });

  it('needs at least 4 characters for a prefix', () => {
    expect(failure(() => resolveRef(sessions, 'bbb', { kind: 'session' })).exitCode).toBe(
      ExitCode.notFound,
    );
    expect(resolveRef(sessions, 'bb', { kind: 'session', minPrefix: 1 }).name).toBe('api');
  });

  it('reports no match as not found (exit 3) and an empty ref as a usage error', () => {
    const missing = failure(() => resolveRef(sessions, 'zzzz', { kind: 'session' }));
    expect(missing.exitCode).toBe(ExitCode.notFound);
    expect(missing.message).toBe('no session matches "zzzz"');
    expect(failure(() => resolveRef(sessions, '  ', { kind: 'session' })).exitCode).toBe(
      ExitCode.usage,
    );
  });

  it('uses extra matchers after names (folder paths, token prefixes)', () => {
    const folders = [
      { id: 'f1', name: 'api', path: 'work/api' },
      { id: 'f2', name: 'api', path: 'home/api' },
    ];
    const found = resolveRef(folders, 'home/api', {
      kind: 'folder',
      alsoMatches: (f, ref) => f.path === ref,
    });
    expect(found.id).toBe('f2');
  });

  it('lists at most five candidates', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ id: `abcd${i}`, name: 'same' }));
    expect(failure(() => resolveRef(many, 'same', { kind: 'session' })).message).toContain(
      'and 3 more',
    );
  });

  it('makes hostile names printable in messages', () => {
    const error = failure(() => resolveRef(sessions, 'x\u001b[2J', { kind: 'session' }));
    expect(error.message).not.toContain('\u001b');
  });
});

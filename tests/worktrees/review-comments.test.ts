// Review comments back to the agent, against a real daemon and real tmux: the comments become
// ONE message, pasted into the session (bracketed paste, then Enter) through the injection
// guard, and a stand-in agent's input box (tests/fixtures/agents/paste-agent.mjs) logs the bytes
// that reached its pty and the message it would send.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@rdv/test-support';
import { auditRows } from '../helpers/audit.ts';
import { STANDIN_DIR } from '../helpers/agents.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { errorOf } from '../helpers/trpc-errors.ts';

type Entry = { what: 'ready' } | { what: 'bytes'; data: string } | { what: 'message'; text: string };

describe('worktrees.sendComments (real daemon, real tmux, a stand-in agent)', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/sh' } });
  let dir: string;

  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-comments-')));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const entries = (log: string): Entry[] =>
    existsSync(log)
      ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Entry)
      : [];
  const bytes = (log: string) =>
    entries(log)
      .map((e) => (e.what === 'bytes' ? e.data : ''))
      .join('');
  const messages = (log: string) => entries(log).flatMap((e) => (e.what === 'message' ? [e.text] : []));

  let count = 0;
  async function pasteAgent(): Promise<{ id: string; log: string }> {
    count += 1;
    const log = join(dir, `agent-${count}.jsonl`);
    const session = await fx.api.client.sessions.create.mutate({
      kind: 'agent',
      name: `paste-agent-${count}`,
      command: `node ${join(STANDIN_DIR, 'paste-agent.mjs')} ${log}`,
      cwd: dir,
    });
    await waitFor(() => entries(log).some((e) => e.what === 'ready'), 'the stand-in agent to start', 30_000);
    return { id: session.id, log };
  }

  it('types several comments as ONE message: a bracketed paste, then Enter, audited', async () => {
    const agent = await pasteAgent();
    const result = await fx.api.client.worktrees.sendComments.mutate({
      sessionId: agent.id,
      comments: [
        { file: 'src/app.ts', startLine: 12, endLine: 14, side: 'new', text: 'Rename this: it does more than parse.' },
        { file: 'src/old.ts', startLine: 5, endLine: 5, side: 'old', text: "Why was this removed?\nIt guarded\tempty input — keep it." },
      ],
    });
    const expected = [
      'Review comments on your changes (2); please address them:',
      '',
      '1. src/app.ts:12-14',
      '   Rename this: it does more than parse.',
      '',
      '2. src/old.ts:5 (before the change)',
      '   Why was this removed?',
      '   It guarded  empty input — keep it.',
    ].join('\n');
    expect(result).toEqual({ ok: true, sessionId: agent.id, auditId: expect.any(String), text: expected, comments: 2 });

    const sent = await waitFor(() => messages(agent.log)[0], 'the agent to receive the message', 30_000);
    expect(sent).toBe(expected);
    expect(messages(agent.log)).toHaveLength(1);
    // At the pty: one paste (line breaks as CR, as a terminal pastes them), then Enter on its own.
    expect(bytes(agent.log)).toBe(`\x1b[200~${expected.replaceAll('\n', '\r')}\x1b[201~\r`);

    const audit = auditRows(fx.home, 'worktrees.sendComments');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'success', target: `session:${agent.id}` });
    expect(audit[0]?.detail).toMatchObject({ comments: 2, files: ['src/app.ts', 'src/old.ts'], length: expected.length });
  });

  it('refuses a comment the guard finds destructive unless forced, with nothing typed', async () => {
    const agent = await pasteAgent();
    const comment = { file: 'deploy.sh', startLine: 1, endLine: 1, side: 'new' as const, text: 'then run rm -rf / here' };
    const refused = await errorOf(fx.api.client.worktrees.sendComments.mutate({ sessionId: agent.id, comments: [comment] }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/^refused to type into session .*recursive delete.*send it with force: true/);
    expect(bytes(agent.log)).toBe('');

    await fx.api.client.worktrees.sendComments.mutate({ sessionId: agent.id, comments: [comment], force: true });
    const sent = await waitFor(() => messages(agent.log)[0], 'the forced message', 30_000);
    expect(sent).toBe('Review comment on your changes; please address it:\n\n1. deploy.sh:1\n   then run rm -rf / here');
    expect(auditRows(fx.home, 'worktrees.sendComments').slice(-2).map((row) => [row.outcome, row.detail.reason])).toEqual([
      ['refused', 'destructive_pattern'],
      ['success', 'forced'],
    ]);
  });

  it('refuses bad input with nothing typed, and a session that is not the caller\'s', async () => {
    const agent = await pasteAgent();
    const base = { file: 'a.ts', startLine: 3, endLine: 3, side: 'new' as const, text: 'x' };
    for (const comments of [[], [{ ...base, endLine: 2 }], [{ ...base, text: 'bell\u0007' }], Array(51).fill(base)]) {
      expect((await errorOf(fx.api.client.worktrees.sendComments.mutate({ sessionId: agent.id, comments }))).code).toBe('BAD_REQUEST');
    }
    expect((await errorOf(fx.api.client.worktrees.sendComments.mutate({ sessionId: 'no-such-session', comments: [base] }))).code).toBe(
      'NOT_FOUND',
    );
    expect(bytes(agent.log)).toBe('');
  });
});

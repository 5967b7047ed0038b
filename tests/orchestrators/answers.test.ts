// Approve / Deny / Reply without attaching, against a real daemon and real tmux: stand-in agents
// print Claude Code's, Codex's and Gemini CLI's real permission prompts and record the keys that
// reach them. The answer names the prompt it answers; a screen that moved on is refused with
// nothing typed. Times from the prompt appearing to `waiting` (with its prompt) and from the
// answer to `waiting` clearing are logged (the issue asks for 3 s and 2 s).
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@rdv/test-support';
import { writeStandIn, type StandIn, type StandInKind } from '@rdv/test-support/stand-in-agents';
import { auditRows } from '../helpers/audit.ts';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { errorOf } from '../helpers/trpc-errors.ts';

interface Prompt {
  id: string;
  kind: 'permission' | 'question';
  agent: string;
  question: string;
  answers: string[];
}

interface StatusEvent {
  sessionId: string;
  status: string;
  previous: string | null;
  source: string;
  message?: string;
  prompt?: Prompt;
}

describe('answering a prompt without attaching (real daemon, real tmux, stand-in agents)', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/sh' } });
  let dir: string;
  const events: Array<StatusEvent & { receivedAt: number }> = [];
  const measured: Record<string, number> = {};
  let unsubscribe: () => void = () => undefined;

  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-answers-')));
    const subscription = fx.api.client.orchestrators.onStatus.subscribe(undefined, {
      onData: (event) => events.push({ ...(event.data as StatusEvent), receivedAt: Date.now() }),
    });
    unsubscribe = () => subscription.unsubscribe();
  });
  afterAll(() => {
    unsubscribe();
    console.log(`[answers] ${JSON.stringify(measured)}`);
  });

  async function nextStatus(
    sessionId: string,
    since: number,
    match: (event: StatusEvent) => boolean,
    what: string,
  ) {
    const find = () =>
      events.find((e) => e.sessionId === sessionId && e.receivedAt >= since && match(e));
    await waitUntil(() => find() !== undefined, what, 20_000);
    return find()!;
  }

  let count = 0;
  async function agent(kind: StandInKind): Promise<{ id: string; standIn: StandIn }> {
    count += 1;
    const standIn = writeStandIn(dir, kind, `${kind}-${count}`);
    const session = await fx.api.client.sessions.create.mutate({
      kind: 'agent',
      name: `${kind}-${count}`,
      command: standIn.command,
      cwd: dir,
    });
    await nextStatus(session.id, 0, (e) => e.status === 'running', `${kind} to look busy`);
    return { id: session.id, standIn };
  }

  /** Asks, and returns the prompt the status stream announced with `waiting`. */
  async function asked(id: string, standIn: StandIn, label: string): Promise<Prompt> {
    const at = Date.now();
    standIn.ask();
    const waiting = await nextStatus(
      id,
      at,
      (e) => e.status === 'waiting' && e.prompt !== undefined,
      `${label}: waiting with its prompt`,
    );
    measured[`${label}NoticedMs`] = waiting.receivedAt - at;
    return waiting.prompt!;
  }

  const answer = (sessionId: string, promptId: string, a: Record<string, unknown>) =>
    fx.api.client.sessions.answer.mutate({ sessionId, promptId, answer: a as { kind: 'approve' } });

  const CASES: Array<[StandInKind, 'approve' | 'deny', string]> = [
    ['claude', 'approve', '1'],
    ['claude', 'deny', '3'],
    ['codex', 'approve', 'y'],
    ['codex', 'deny', 'n'],
    ['gemini', 'approve', '1'],
    ['gemini', 'deny', '3'],
  ];

  it.each(CASES)(
    '%s: %s types %j into the agent, once, audited, and waiting clears',
    async (kind, decision, key) => {
      const { id, standIn } = await agent(kind);
      const prompt = await asked(id, standIn, `${kind}-${decision}`);
      expect(prompt).toMatchObject({
        kind: 'permission',
        agent: kind,
        answers: ['approve', 'deny'],
      });
      expect(await fx.api.client.sessions.prompt.query({ id })).toEqual(prompt);

      const at = Date.now();
      const result = await answer(id, prompt.id, { kind: decision });
      expect(result).toMatchObject({ ok: true, prompt: { id: prompt.id } });
      await waitUntil(() => standIn.got() !== '', `${kind} to get a key`, 10_000);
      expect(standIn.got()).toBe(key);
      const cleared = await nextStatus(id, at, (e) => e.status !== 'waiting', 'waiting to clear');
      measured[`${kind}-${decision}ClearedMs`] = cleared.receivedAt - at;
      expect(cleared.status).toBe('running');

      const audit = auditRows(fx.home, 'sessions.answer').filter(
        (r) => r.target === `session:${id}`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        outcome: 'success',
        detail: { answer: decision, promptId: prompt.id, agent: kind, preview: key },
      });
      // The prompt is gone: answering it again types nothing.
      expect(await errorOf(answer(id, prompt.id, { kind: decision }))).toMatchObject({
        code: 'PRECONDITION_FAILED',
        message: expect.stringContaining('no longer shows a prompt'),
      });
      expect(standIn.got()).toBe(key);
      await fx.api.client.sessions.close.mutate({ id });
    },
  );

  it('a question takes a typed reply and Enter; approve is refused for it, and a destructive reply too', async () => {
    const { id, standIn } = await agent('question');
    const prompt = await asked(id, standIn, 'question');
    expect(prompt).toMatchObject({
      kind: 'question',
      question: 'Name of the new branch?',
      answers: ['reply'],
    });
    expect(await errorOf(answer(id, prompt.id, { kind: 'approve' }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('takes reply, not approve'),
    });
    expect(
      await errorOf(answer(id, prompt.id, { kind: 'reply', text: 'x; rm -rf /' })),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(standIn.got()).toBe('');

    const at = Date.now();
    await answer(id, prompt.id, { kind: 'reply', text: 'feat/answers; $(echo not run)' });
    await waitUntil(() => standIn.got() !== '', 'the reply to arrive', 10_000);
    expect(standIn.got()).toBe('feat/answers; $(echo not run)\n');
    const cleared = await nextStatus(id, at, (e) => e.status !== 'waiting', 'waiting to clear');
    measured.questionClearedMs = cleared.receivedAt - at;
    const reasons = auditRows(fx.home, 'sessions.answer')
      .filter((r) => r.target === `session:${id}`)
      .map((r) => [r.outcome, r.detail.reason ?? null]);
    expect(reasons).toEqual([
      ['refused', 'answer_not_offered'],
      ['refused', 'destructive_pattern'],
      ['success', null],
    ]);
    await fx.api.client.sessions.close.mutate({ id });
  });

  it('an answer to a prompt the screen no longer shows is refused and types nothing; the new prompt can be answered', async () => {
    const { id, standIn } = await agent('claude');
    const first = await asked(id, standIn, 'claude-changed');
    const at = Date.now();
    standIn.change();
    // The stream tells of the new prompt (the session still waits: source `prompt`).
    const changed = await nextStatus(
      id,
      at,
      (e) => e.source === 'prompt' && e.prompt !== undefined && e.prompt.id !== first.id,
      'the new prompt',
    );
    expect(changed).toMatchObject({ status: 'waiting', previous: 'waiting' });
    const refusal = await errorOf(answer(id, first.id, { kind: 'approve' }));
    expect(refusal.code).toBe('PRECONDITION_FAILED');
    expect(refusal.message).toContain('changed');
    expect(refusal.message).toContain(changed.prompt!.id);
    // Nothing reached the agent, and the refusal is in the audit log.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standIn.got()).toBe('');
    expect(
      auditRows(fx.home, 'sessions.answer').find(
        (r) => r.target === `session:${id}` && r.detail.reason === 'prompt_changed',
      ),
    ).toMatchObject({ outcome: 'refused', detail: { promptId: first.id, answer: 'approve' } });

    await answer(id, changed.prompt!.id, { kind: 'deny' });
    await waitUntil(() => standIn.got() !== '', 'the deny key', 10_000);
    expect(standIn.got()).toBe('3');
    await fx.api.client.sessions.close.mutate({ id });
  });

  it("a hook's waiting comes first; the prompt follows on the stream as soon as the screen shows it", async () => {
    const { id, standIn } = await agent('codex');
    await fx.api.client.hooks.report.mutate({
      sessionId: id,
      event: 'Notification',
      message: 'Codex needs your approval',
    });
    await nextStatus(id, 0, (e) => e.status === 'waiting' && e.source === 'hook', 'the hook');
    const at = Date.now();
    standIn.ask();
    const seen = await nextStatus(id, at, (e) => e.source === 'prompt', 'the prompt event');
    measured.promptAfterHookMs = seen.receivedAt - at;
    expect(seen).toMatchObject({
      status: 'waiting',
      message: 'Codex needs your approval',
      prompt: { agent: 'codex', kind: 'permission' },
    });
    await answer(id, seen.prompt!.id, { kind: 'approve' });
    await waitUntil(() => standIn.got() !== '', 'the approve key', 10_000);
    expect(standIn.got()).toBe('y');
    await nextStatus(id, at, (e) => e.status === 'running', 'waiting to clear after the answer');
    await fx.api.client.sessions.close.mutate({ id });
  });

  it("a permission menu on the screen outranks a hook's fresh running (it used to wait out the hook's 10 minutes)", async () => {
    const { id, standIn } = await agent('claude');
    await fx.api.client.hooks.report.mutate({ sessionId: id, event: 'PreToolUse' });
    const at = Date.now();
    standIn.ask();
    const waiting = await nextStatus(
      id,
      at,
      (e) => e.status === 'waiting',
      'the menu to beat the hook',
    );
    measured.menuOverHookNoticedMs = waiting.receivedAt - at;
    expect(waiting).toMatchObject({ source: 'screen', prompt: { agent: 'claude' } });
    await fx.api.client.sessions.close.mutate({ id });
  });

  it('refuses bad input before anything else, and a session at a shell prompt has nothing to answer', async () => {
    const shell = await fx.api.client.sessions.create.mutate({ name: 'plain', cwd: dir });
    expect(await fx.api.client.sessions.prompt.query({ id: shell.id })).toBeNull();
    const bad = [
      { sessionId: shell.id, promptId: 'not-a-prompt', answer: { kind: 'approve' } },
      { sessionId: shell.id, promptId: '0123456789abcdef', answer: { kind: 'maybe' } },
      {
        sessionId: shell.id,
        promptId: '0123456789abcdef',
        answer: { kind: 'reply', text: 'a\nb' },
      },
      {
        sessionId: shell.id,
        promptId: '0123456789abcdef',
        answer: { kind: 'reply', text: 'x\u001b[A' },
      },
    ];
    for (const input of bad) {
      const error = await errorOf(fx.api.client.sessions.answer.mutate(input as never));
      expect(error.code).toBe('BAD_REQUEST');
    }
    expect(
      await errorOf(answer(shell.id, '0123456789abcdef', { kind: 'reply', text: 'ls' })),
    ).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('no longer shows a prompt'),
    });
    expect(
      await errorOf(answer('no-such-session', '0123456789abcdef', { kind: 'deny' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    await fx.api.client.sessions.close.mutate({ id: shell.id });
  });

  it('rdv session answer shows the prompt, answers it by name, and reports a stale --prompt as refused', async () => {
    const { id, standIn } = await agent('gemini');
    const prompt = await asked(id, standIn, 'cli');
    const name = `gemini-${count}`;
    const shown = await rdv(fx.home, ['session', 'answer', name]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${name} (gemini) asks: Allow execution of [Shell]?`);
    expect(shown.stdout).toContain(`--approve, --deny  (prompt ${prompt.id})`);
    expect(await rdvJson(fx.home, ['session', 'answer', name])).toEqual(prompt);

    const both = await rdv(fx.home, ['session', 'answer', name, '--approve', '--deny']);
    expect(both.code).toBe(2);
    const stale = await rdv(fx.home, [
      'session',
      'answer',
      name,
      '--approve',
      '--prompt',
      'fedcba9876543210',
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('changed');
    expect(standIn.got()).toBe('');

    const done = await rdvJson(fx.home, ['session', 'answer', id, '--approve']);
    expect(done).toMatchObject({ ok: true, prompt: { id: prompt.id } });
    await waitUntil(() => standIn.got() !== '', 'the approve key', 10_000);
    expect(standIn.got()).toBe('1');
    const none = await rdv(fx.home, ['session', 'answer', id, '--deny']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no (longer shows a )?prompt/);
    await fx.api.client.sessions.close.mutate({ id });
  });
});

import { describe, expect, it } from 'vitest';
import {
  encodeHeader,
  noticeStateFor,
  ntfyRequest,
  pushPayload,
  quote,
  sessionLink,
  webhookBody,
  type Notice,
} from './notification-content.ts';

const notice: Notice = {
  sessionId: 'cs1',
  sessionName: 'api',
  folder: 'backend',
  cwd: '/home/me/api',
  state: 'permission',
  question: 'Do you want to proceed?',
  url: 'https://rdv.example/#session=cs1',
  at: '2026-01-01T00:00:00.000Z',
};

describe('noticeStateFor', () => {
  const change = (status: string, extra: Record<string, unknown> = {}) =>
    ({
      status,
      previous: 'running',
      source: 'hook',
      reason: `hook ${status}`,
      ...extra,
    }) as Parameters<typeof noticeStateFor>[0];

  it('tells a permission prompt from a question', () => {
    expect(noticeStateFor(change('waiting', { reason: 'hook permissionrequest' }))).toBe(
      'permission',
    );
    expect(
      noticeStateFor(
        change('waiting', {
          reason: 'hook notification',
          message: 'Claude needs your permission to use Bash',
        }),
      ),
    ).toBe('permission');
    expect(
      noticeStateFor(
        change('waiting', {
          source: 'screen',
          reason: 'question: Allow command?',
          message: 'Allow command?',
        }),
      ),
    ).toBe('permission');
    expect(noticeStateFor(change('waiting', { message: 'Which database should I use?' }))).toBe(
      'waiting',
    );
  });

  it('reports errors and ends, but not a session the person closed, nor running', () => {
    expect(noticeStateFor(change('error'))).toBe('error');
    expect(noticeStateFor(change('exited', { source: 'exit', reason: 'process exited (0)' }))).toBe(
      'finished',
    );
    expect(
      noticeStateFor(change('exited', { source: 'exit', reason: 'session closed' })),
    ).toBeNull();
    expect(noticeStateFor(change('idle', { previous: 'running' }))).toBe('finished');
    expect(noticeStateFor(change('idle', { previous: null }))).toBeNull();
    expect(noticeStateFor(change('running'))).toBeNull();
  });
});

describe('what each channel receives', () => {
  it('push: title, quoted question with folder and cwd, link, one tag per session, the Open action', () => {
    expect(pushPayload(notice)).toEqual({
      title: 'api is asking permission',
      body: '“Do you want to proceed?”\nbackend · /home/me/api',
      sessionId: 'cs1',
      state: 'permission',
      url: 'https://rdv.example/#session=cs1',
      tag: 'rdv-cs1',
      actions: [{ action: 'open', title: 'Open session' }],
    });
  });

  it('push: Approve and Deny, with the prompt they answer, when the screen shows a permission menu', () => {
    const menu = {
      ...notice,
      prompt: { id: '0123456789abcdef', answers: ['approve', 'deny'] as const },
    };
    expect(
      pushPayload({ ...menu, prompt: { ...menu.prompt, answers: [...menu.prompt.answers] } }),
    ).toMatchObject({
      actions: [
        { action: 'approve', title: 'Approve' },
        { action: 'deny', title: 'Deny' },
      ],
      promptId: '0123456789abcdef',
    });
    // A question takes a typed reply, in the notification where the platform allows it.
    const question = pushPayload({
      ...notice,
      prompt: { id: 'fedcba9876543210', answers: ['reply'] },
    });
    expect(question).toMatchObject({
      actions: [
        { action: 'reply', title: 'Reply', type: 'text', placeholder: 'Your answer' },
        { action: 'open', title: 'Open session' },
      ],
      promptId: 'fedcba9876543210',
    });
  });

  it('webhooks: Slack {text}, Discord {content}, rdv JSON with every field', () => {
    const text =
      'api is asking permission\n“Do you want to proceed?”\nbackend · /home/me/api\nhttps://rdv.example/#session=cs1';
    expect(webhookBody(notice, 'slack')).toEqual({ text });
    expect(webhookBody(notice, 'discord')).toEqual({ content: text });
    expect(webhookBody(notice, 'json')).toMatchObject({
      event: 'session.attention',
      session: { id: 'cs1', name: 'api', folder: 'backend', cwd: '/home/me/api' },
      state: 'permission',
      stateLabel: 'asking permission',
      question: 'Do you want to proceed?',
      url: 'https://rdv.example/#session=cs1',
    });
  });

  it("a fleet host's session: title and body name the host, the id is host-qualified", () => {
    const remote: Notice = {
      ...notice,
      host: 'gpu',
      sessionId: 'gpu:cs1',
      url: 'https://rdv.example/#session=gpu%3Acs1',
    };
    expect(pushPayload(remote)).toMatchObject({
      title: 'api on gpu is asking permission',
      body: '“Do you want to proceed?”\ngpu: backend · /home/me/api',
      sessionId: 'gpu:cs1',
      tag: 'rdv-gpu:cs1',
    });
    expect(webhookBody(remote, 'json')).toMatchObject({
      host: 'gpu',
      session: { id: 'gpu:cs1', name: 'api' },
      title: 'api on gpu is asking permission',
    });
    expect(webhookBody(notice, 'json')).toMatchObject({ host: null });
  });

  it('ntfy: the body is the message; title, click link, tags and priority are headers', () => {
    expect(ntfyRequest(notice)).toEqual({
      body: '“Do you want to proceed?”\nbackend · /home/me/api',
      headers: {
        Title: 'api is asking permission',
        Click: notice.url,
        Tags: 'lock',
        Priority: 'high',
      },
    });
    expect(encodeHeader('café is waiting')).toBe(
      `=?UTF-8?B?${Buffer.from('café is waiting').toString('base64')}?=`,
    );
  });

  it('quotes one bounded line and links with the id encoded', () => {
    expect(quote('  Do you\n  want this?  ')).toBe('Do you want this?');
    expect(quote('x'.repeat(400))).toHaveLength(300);
    expect(quote('   ')).toBeNull();
    expect(sessionLink('https://rdv.example/', 'a_b-1')).toBe('https://rdv.example/#session=a_b-1');
  });

  it('bounds the body so a push stays within what push services take', () => {
    const deep = { ...notice, cwd: `/${'d/'.repeat(2_000)}` };
    const payload = JSON.stringify(pushPayload(deep));
    expect(pushPayload(deep).body).toHaveLength(1_500);
    expect(Buffer.byteLength(payload)).toBeLessThan(3_000);
  });
});

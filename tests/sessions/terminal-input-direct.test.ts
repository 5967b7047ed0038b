// `callTerminalInput`, the terminal channel's way in for keystrokes, against the procedure it
// stands for (`terminal.input` through the tRPC caller): the same answer for every input, good or
// bad, and nothing typed when refused. Real services, a real SQLite file, a real tmux server.
import { appRouter, callTerminalInput, createCallerFactory, createContext, policyOf, type RequestInfo } from '@rdv/api';
import { SHARE_VIEWER_HEADER } from '@rdv/contract';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcess } from '../helpers/services.ts';

const createCaller = createCallerFactory(appRouter);

/** 'OK' or the code and message a client would see. */
async function answer(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'OK';
  } catch (error) {
    const { code, message } = getTRPCErrorFromUnknown(error);
    return `${code}: ${message}`;
  }
}

describe('callTerminalInput answers as terminal.input does', () => {
  let env: InProcess;
  let sessionId: string;
  beforeAll(async () => {
    // A small typing budget, so the rate limit is reached in a test.
    env = await startInProcess({ limits: { terminal: { burst: 30, perSecond: 1 } } });
    sessionId = (await env.caller.sessions.create({ cwd: env.home, cols: 80, rows: 24 })).id;
    await env.waitForScreen(sessionId, '$');
  }, 30_000);
  afterAll(() => env?.dispose());

  const both = async (req: RequestInfo, input: unknown) => {
    const ctx = createContext(env.services, req);
    const viaRouter = await answer(() => createCaller(ctx).terminal.input(input as never));
    const direct = await answer(() => callTerminalInput(ctx, input));
    return { viaRouter, direct };
  };
  const owner = (): RequestInfo => ({ headers: { authorization: `Bearer ${env.token}` }, transport: 'ws', connection: 'ws:1' });

  it('types into the session, once per inputSeq', async () => {
    const ctx = createContext(env.services, owner());
    await callTerminalInput(ctx, { sessionId, clientId: 'direct-1', inputSeq: 1, data: 'echo direct-$((40+2))' });
    await callTerminalInput(ctx, { sessionId, clientId: 'direct-1', inputSeq: 1, data: 'echo direct-$((40+2))' });
    await callTerminalInput(ctx, { sessionId, clientId: 'direct-1', inputSeq: 2, data: '\r' });
    await env.waitForScreen(sessionId, 'direct-42');
    expect(await env.screen(sessionId)).not.toContain('echo direct-$((40+2))echo');
  });

  it('refuses what the procedure refuses, with its code and message, and types nothing', async () => {
    const marker = 'never-typed';
    const cases: Array<[string, RequestInfo, unknown]> = [
      ['no token', { headers: {}, transport: 'ws', connection: 'ws:2' }, { sessionId, data: marker }],
      ['a wrong token', { headers: { authorization: `Bearer rdv_${'x'.repeat(43)}` }, transport: 'ws', connection: 'ws:3' }, { sessionId, data: marker }],
      ['a share link viewer', { headers: { authorization: `Bearer ${env.token}`, [SHARE_VIEWER_HEADER]: '1' }, transport: 'ws' }, { sessionId, data: marker }],
      ['empty data', owner(), { sessionId, data: '' }],
      ['a malformed session id', owner(), { sessionId: '../x', data: marker }],
      ['an unknown session', owner(), { sessionId: 'c'.repeat(25), data: marker }],
      ['a lone surrogate', owner(), { sessionId, data: `${marker}\ud800` }],
      ['a bad clientId', owner(), { sessionId, clientId: 'a b', data: marker }],
      ['a bad inputSeq', owner(), { sessionId, inputSeq: 0, data: marker }],
      ['not an object', owner(), 'echo hi'],
    ];
    for (const [what, req, input] of cases) {
      const { viaRouter, direct } = await both(req, input);
      expect(viaRouter, what).not.toBe('OK');
      expect(direct, what).toBe(viaRouter);
    }
    expect(await env.screen(sessionId)).not.toContain(marker);
  });

  it('is not audited, so the direct call owes no audit row', () => {
    // callTerminalInput writes none: were terminal.input audited, it would have to.
    expect(policyOf('terminal.input').audit).not.toBe(true);
  });

  it('spends the same typing budget, and is refused like the procedure once it is spent', async () => {
    const ctx = createContext(env.services, owner());
    const answers: string[] = [];
    for (let i = 0; i < 40; i++) answers.push(await answer(() => callTerminalInput(ctx, { sessionId, data: ':' })));
    const refused = answers.filter((a) => a !== 'OK');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatch(/^TOO_MANY_REQUESTS: too many terminal calls with this token \(terminal\.input\)/);
    const { viaRouter, direct } = await both(owner(), { sessionId, data: ':' });
    expect(viaRouter).toMatch(/^TOO_MANY_REQUESTS/);
    expect(direct).toMatch(/^TOO_MANY_REQUESTS/);
  });
});

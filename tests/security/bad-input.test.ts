// Bad input for EVERY procedure: the whole input and then each field replaced with a wrong type,
// a huge string, control characters and NUL bytes, path traversal, shell syntax, negative and
// enormous numbers. Sent by the owner (so the input reaches the services), over HTTP and the
// WebSocket. The daemon must answer each with a clear error (never INTERNAL_SERVER_ERROR), stay
// up, run nothing it was not asked to, and keep its memory bounded.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliClient, getHealth, wsClient } from '../helpers/daemon.ts';
import { rssMiB } from '../helpers/process-stats.ts';
import { allProcedures, callProcedure, type CallOutcome } from '../helpers/procedures.ts';
import { PROCEDURE_INPUTS, useWorld } from './world.ts';

/** Fields whose text rdv types or runs on purpose: shell syntax there is the point, not an attack. */
const RUN_ON_PURPOSE = new Set(['text', 'data', 'command', 'startupCommand', 'agentCommand', 'nudgeText']);

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function badValues(marker: string): Array<[string, unknown]> {
  return [
    ['number', 42],
    ['negative', -1],
    ['enormous', 1e308],
    ['-enormous', -1e308],
    ['unsafe integer', 2 ** 53 + 1],
    ['fraction', 0.5],
    ['boolean', true],
    ['null', null],
    ['array', [1, 'two']],
    ['object', { nested: { deeper: 1 } }],
    ['empty string', ''],
    ['NUL bytes', 'a\u0000b\u0000'],
    ['control characters', '\u0001\u0007\u001b[31m\r\n\u007f\u009b'],
    ['path traversal', '../../../../etc/passwd'],
    ['absolute traversal', '/tmp/../../etc/shadow'],
    ['lone surrogate', '\ud800x\udfff'],
    ['bidi override', 'a\u202eb\u2066'],
    ['70 KB string', 'x'.repeat(70_000)],
    ['shell syntax', `$(touch ${marker}); \`touch ${marker}\` | & ;`],
    ['__proto__', '__proto__'],
    ['deep object', nested(200)],
  ];
}

const WHOLE_INPUTS: Array<[string, unknown]> = [
  ['no input', undefined],
  ['number', 1],
  ['string', 'x'],
  ['array', [1, 2, 3]],
  ['null', null],
  ['prototype pollution', JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')],
  ['deep object', nested(500)],
];

describe('bad input for every procedure', () => {
  const world = useWorld();
  let marker: string;
  const outcomes: Array<{ path: string; variant: string; transport: string; outcome: CallOutcome }> = [];
  let rssBefore = 0;

  beforeAll(() => {
    marker = join(world.root, 'injected');
    rssBefore = rssMiB(world.daemon.child.pid);
  });
  afterAll(() => {
    const counts = outcomes.reduce<Record<string, number>>((acc, o) => ((acc[o.outcome.code] = (acc[o.outcome.code] ?? 0) + 1), acc), {});
    console.log(
      `[bad-input] ${outcomes.length} calls over ${new Set(outcomes.map((o) => o.path)).size} procedures; outcomes ${JSON.stringify(counts)}; ` +
        `daemon RSS ${rssBefore} -> ${rssMiB(world.daemon.child.pid)} MiB`,
    );
  });

  const procedures = allProcedures().filter((p) => p.path !== 'health');

  it('has an input for every procedure', () => {
    expect(procedures.map((p) => p.path).filter((path) => !PROCEDURE_INPUTS[path])).toEqual([]);
  });

  it('answers every bad input with a clear error, never INTERNAL_SERVER_ERROR', async () => {
    const http = cliClient(world.daemon);
    const ws = wsClient(world.daemon, { kind: 'cli', token: world.alice.token });
    const problems: string[] = [];
    try {
      for (const procedure of procedures) {
        const base = PROCEDURE_INPUTS[procedure.path]!.input(world, 0);
        const variants: Array<[string, unknown]> = [...WHOLE_INPUTS];
        if (base && typeof base === 'object') {
          for (const field of Object.keys(base)) {
            for (const [name, value] of badValues(marker)) {
              if (name === 'shell syntax' && RUN_ON_PURPOSE.has(field)) continue;
              variants.push([`${field}: ${name}`, { ...base, [field]: value }]);
            }
          }
          variants.push(['unknown field', { ...base, __proto__: { isAdmin: true }, extra: 'x'.repeat(1000) }]);
        }
        for (const [variant, input] of variants) {
          // Big inputs go over both transports: HTTP (body and URL limits) and the WebSocket.
          const transports = variant.includes('70 KB') || variant.includes('deep') ? ['http', 'ws'] : ['http'];
          for (const transport of transports) {
            const clients = transport === 'http' ? { http: http.client, ws: ws.client } : { http: ws.client, ws: ws.client };
            const outcome = await callProcedure(clients, procedure, input, 100);
            outcomes.push({ path: procedure.path, variant, transport, outcome });
            const unclear = outcome.code === 'INTERNAL_SERVER_ERROR' || outcome.code.startsWith('THROWN') || outcome.code === 'UNKNOWN';
            if (unclear || (outcome.code !== 'OK' && !/"message":"[^"]+/.test(outcome.text))) {
              problems.push(`${procedure.path} [${variant}] over ${transport}: ${outcome.code} ${outcome.text.slice(0, 300)}`);
            }
          }
        }
      }
    } finally {
      await http.close();
      await ws.close();
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('ran nothing it was not asked to run', () => {
    expect(existsSync(marker)).toBe(false);
  });

  it('is still up and healthy, with memory bounded', async () => {
    const health = await getHealth(world.daemon.apiSocket);
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('healthy');
    const rss = rssMiB(world.daemon.child.pid);
    expect(rss).toBeLessThan(Math.max(400, rssBefore * 2.5));
  });
});

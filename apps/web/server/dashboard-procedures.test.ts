import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WS_PATHS } from '../lib/trpc.ts';
import { DASHBOARD_PROCEDURES, dashboardMayCall } from './dashboard-procedures.ts';

const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** `trpc.a.b.queryOptions(`, `client.a.b.c\n  .mutate(`, … in the dashboard's code. */
const CALL =
  /\b(?:trpc|client)((?:\s*\.\s*[A-Za-z_]\w*)+?)\s*\.\s*(query|mutate|subscribe|queryOptions|mutationOptions|infiniteQueryOptions|subscriptionOptions)\s*\(/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every procedure path the dashboard calls, split by transport. */
function dashboardCalls(): { http: Set<string>; ws: Set<string> } {
  const http = new Set<string>();
  const ws = new Set<string>();
  for (const file of ['app', 'components', 'lib'].flatMap((d) => sources(join(WEB_ROOT, d)))) {
    for (const match of readFileSync(file, 'utf8').matchAll(CALL)) {
      const path = match[1]!.replace(/\s/g, '').slice(1);
      const subscription = match[2] === 'subscribe' || match[2] === 'subscriptionOptions';
      (subscription || WS_PATHS.has(path) ? ws : http).add(path);
    }
  }
  return { http, ws };
}

describe('the tRPC proxy allowlist', () => {
  it('holds every procedure the dashboard calls over HTTP, and nothing else', () => {
    const { http, ws } = dashboardCalls();
    // The scan found the calls (a broken pattern would find none and pass vacuously).
    expect(http.size).toBeGreaterThan(20);
    expect(ws).toContain('orchestrators.onStatus');
    // Terminals have their own channel (lib/terminal-channel.ts), not the page's tRPC socket.
    expect([...ws].filter((p) => p.startsWith('terminal.'))).toEqual([]);
    expect([...http].filter((p) => !DASHBOARD_PROCEDURES.has(p))).toEqual([]);
    expect([...DASHBOARD_PROCEDURES].filter((p) => !http.has(p))).toEqual([]);
  });

  it('refuses anything else, alone or in a batch', () => {
    expect(dashboardMayCall('sessions.list')).toBe(true);
    expect(dashboardMayCall('sessions.list,me.get')).toBe(true);
    for (const path of [
      'users.ensure',
      'tokens.list',
      'tokens.create',
      'audit.list',
      'server.stop',
      'hooks.report',
      'terminal.input',
      'sessions.list,users.ensure',
      'sessions',
      '',
    ]) {
      expect({ path, allowed: dashboardMayCall(path) }).toEqual({ path, allowed: false });
    }
  });
});

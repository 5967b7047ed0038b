#!/usr/bin/env node
// `npm start`: builds the dashboard if its build is missing or older than its sources (about
// 10 s; `npm install` normally did it already), then runs the server, which starts rdv-server.
import { spawnSync } from 'node:child_process';
import { buildIsCurrent, WEB_ROOT } from '../build-stamp.mjs';

if (!buildIsCurrent()) {
  process.stderr.write('rdv-web: building the dashboard (next build)…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '--silent'], {
    cwd: WEB_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    process.stderr.write('rdv-web: the dashboard build failed (see above)\n');
    process.exit(1);
  }
}
await import(new URL('../dist/server.js', import.meta.url).href);

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'vitest';
import { TerminalHub } from './pty-hub.ts';
import { startTestServer, waitUntil } from './testing/tmux-server.ts';
test('1mb loop', async () => {
  const server = await startTestServer();
  let bad = 0;
  for (let round = 0; round < 8; round++) {
    const name = `rdv-in${round}`;
    await server.session(name);
    const hub = await TerminalHub.open({ tmux: server.tmux, name, cols: 80, rows: 24 });
    const path = join(server.dir, `in${round}.bin`);
    hub.write(`stty -echo; cat > ${path}; stty echo\r`);
    await waitUntil(async () => (await stat(path).catch(() => null)) !== null);
    const line = `${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(3)}é€\n`;
    const data = line.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(line)));
    hub.write(data); hub.write('\x04');
    await waitUntil(async () => (await server.tmux.capturePane(name)).trimEnd().endsWith('$'), { timeoutMs: 60000 });
    const got = await readFile(path);
    if (createHash('sha256').update(got).digest('hex') !== createHash('sha256').update(data).digest('hex')) { bad++; console.log('LOSS', round, Buffer.byteLength(data) - got.length); }
    hub.dispose();
  }
  console.log('ESC', process.env.ESC_T, 'bad', bad);
  await server.cleanup();
}, 600000);

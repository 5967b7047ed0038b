import { test } from 'vitest';
import { TerminalHub } from './pty-hub.ts';
import { collect, startTestServer } from './testing/tmux-server.ts';
test('dbg exit', async () => {
  const server = await startTestServer();
  let fails = 0;
  for (let round = 0; round < 40; round++) {
    const name = `rdv-e${round}`;
    await server.session(name);
    const hub = await TerminalHub.open({ tmux: server.tmux, name, cols: 80, rows: 24 });
    const a = collect(hub.subscribe());
    hub.write('echo bye; exit 3\r');
    const ok = await Promise.race([a.done.then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
    if (!ok) {
      fails++;
      const info = await server.tmux.paneInfo(name);
      const { execFileSync } = await import('node:child_process');
      let ps = ''; try { ps = execFileSync('ps', ['-o', 'pid,ppid,stat,cmd', '-p', String(info.pid)], { encoding: 'utf8' }); } catch (e) { ps = 'ps failed ' + String(e); }
      await new Promise((r) => setTimeout(r, 3000));
      const info2 = await server.tmux.paneInfo(name);
      console.log('FAIL', round, ps, 'later:', info2.dead, info2.deadStatus, 'done now?', a.events.at(-1));
    }
    hub.dispose();
  }
  console.log('fails', fails);
  await server.cleanup();
}, 300000);

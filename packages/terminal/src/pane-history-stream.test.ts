import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paneHistories } from './pane-history-stream.ts';
import { blockLines, type HistoryBlock } from './pane-history.ts';
import { startTestServer, trimLines, waitUntil, type TestServer } from './testing/tmux-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.session('rdv-h1', { cols: 80, rows: 10 });
  await server.session('rdv-h2', { cols: 80, rows: 10 });
  // 300 numbered lines in h1 (most of them scrolled into history), one marker line in h2.
  await server.tmux.exec('rdv-h1', 'for i in $(seq 1 300); do echo "h1 line $i"; done');
  await server.tmux.exec('rdv-h2', "echo 'h2 ; marker #{pane_id} $HOME'");
  await waitUntil(
    async () => trimLines(await server.tmux.capturePane('rdv-h1')).includes('h1 line 300'),
    { what: 'h1 output' },
  );
  await waitUntil(
    async () =>
      trimLines(await server.tmux.capturePane('rdv-h2')).includes('h2 ; marker #{pane_id} $HOME'),
    { what: 'h2 output' },
  );
});
afterAll(async () => {
  await server.cleanup();
});

async function collect(names: string[], blockLines?: number): Promise<HistoryBlock[]> {
  const blocks: HistoryBlock[] = [];
  for await (const block of paneHistories(server.tmux, names, { blockLines })) blocks.push(block);
  return blocks;
}

describe('paneHistories on a real tmux server', () => {
  it('streams every line of each session, history first, in the order asked, skipping sessions that are gone', async () => {
    const blocks = await collect(['rdv-h2', 'rdv-missing', 'rdv-h1'], 100);
    expect([...new Set(blocks.map((b) => b.name))]).toEqual(['rdv-h2', 'rdv-h1']);
    const h1 = blocks.filter((b) => b.name === 'rdv-h1');
    const lines = h1.flatMap((b) => blockLines(b));
    expect(lines).toHaveLength(h1[0]!.total);
    expect(h1.every((b) => b.count <= 100)).toBe(true);
    const first = lines.indexOf('h1 line 1');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(lines[first + 299]).toBe('h1 line 300');
    // Text reaches us as the pane shows it: no format expansion, no `;` split.
    expect(blocks.filter((b) => b.name === 'rdv-h2').flatMap((b) => blockLines(b))).toContain(
      'h2 ; marker #{pane_id} $HOME',
    );
  });

  it('stops the tmux client when the consumer stops early', async () => {
    const seen: string[] = [];
    for await (const block of paneHistories(server.tmux, ['rdv-h1', 'rdv-h2'], {
      blockLines: 10,
    })) {
      seen.push(block.name);
      break;
    }
    expect(seen).toEqual(['rdv-h1']);
  });

  it('yields nothing when no server runs', async () => {
    const { Tmux } = await import('./tmux-servers.ts');
    const idle = new Tmux({ socketPath: `${server.dir}/none.sock` });
    const blocks: HistoryBlock[] = [];
    for await (const block of paneHistories(idle, ['rdv-h1'])) blocks.push(block);
    expect(blocks).toEqual([]);
  });
});

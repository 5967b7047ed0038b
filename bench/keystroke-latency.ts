// Keystroke echo latency: one printable character in, time until its echo comes back, next key
// only after the echo. A clean bash at its prompt (readline echoes the character at the end of
// a growing line; the line is cleared with C-u every LINE_RESET keys, outside the timing).
// Interleaved variants:
//   raw pty      node-pty running bash directly
//   tmux attach  node-pty running `tmux attach` to a bare session (rdv's tmux options)
//   rdv          `terminal.input` over terminal.sock → echo in the `terminal.attach` subscription
//   hub batch=4  @rdv/terminal TerminalHub in THIS process, default BATCH_MS (hub.write → subscription)
//   hub batch=0  the same hub with batchMs 0, to isolate what output batching costs
//   raw control  a bare `tmux -C` client spawned by THIS process: `send-keys -H` in, `%output`
//                out, no rdv code at all (the floor of rdv's design, before its daemon hop)
//   minimal relay  that control client in a bare Node process (bench/minimal-relay.mjs), reached
//                over a WebSocket or a plain unix socket: the floor of any design with a process
//                between the client and tmux, as rdv's daemon is
//   rdv raw WS   like rdv, but tRPC's JSON messages over a bare `ws` socket (no tRPC client, whose
//                wsLink waits a setTimeout(0) before sending every request)
// plus the WS round trip of a no-op (`health` over the same WebSocket) and the `terminal.input` ack.
// Run: npx tsx bench/keystroke-latency.ts   (BENCH_SAMPLES=400, BENCH_GAP_MS=10)
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createApiClient, createTerminalChannel, createTerminalClient } from '@rdv/client';
import { BATCH_MS, TerminalHub, type Tmux } from '@rdv/terminal';
import {
  ECHO_TIMEOUT_MS,
  asControlClient,
  controlProbe as rawControlProbe,
  makeProbe,
  ptyProbe,
  typeInTurns,
  type Probe,
  warmUp,
} from './echo-probe.ts';
import { unwrapStreamEvent } from '@rdv/contract';
import { printRow, summarize } from './lib.ts';
import {
  CLEAN_SHELL_ENV,
  COLS,
  ROWS,
  bareTmux,
  cleanShell,
  onCleanup,
  runBench,
  sleep,
  startDaemon,
  tempDir,
  benchSession,
} from './harness.ts';
import { waitUntil } from '@rdv/test-support';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 10);

async function openHub(
  tmux: Tmux,
  name: string,
  batchMs: number,
  label: string,
): Promise<Probe | undefined> {
  try {
    const hub = await TerminalHub.open({ tmux, name, cols: COLS, rows: ROWS, batchMs });
    onCleanup(() => hub.dispose());
    const sub = hub.subscribe();
    const probe = makeProbe(label, (data) => void hub.write(data));
    void (async () => {
      for (;;) {
        const event = await sub.next();
        if (event === null) return;
        if (event.type === 'output') probe.receive(event.data);
      }
    })();
    return probe;
  } catch (error) {
    console.log(`(skipping ${label}: ${(error as Error).message})`);
    return undefined;
  }
}

/** A key probe through bench/minimal-relay.mjs, in a process of its own, on a new bare session. */
async function minimalRelay(
  bare: ReturnType<typeof bareTmux>,
  work: string,
  transport: 'ws' | 'net',
  name: string,
  label: string,
): Promise<Probe> {
  await bare.newSession(name);
  const control = asControlClient(await bare.tmux.attachArgs(name));
  const socketPath = join(work, `${name}.sock`);
  const relay = spawn(
    process.execPath,
    [fileURLToPath(new URL('./minimal-relay.mjs', import.meta.url))],
    {
      env: {
        ...process.env,
        RELAY_CONFIG: JSON.stringify({
          transport,
          socketPath,
          file: control.file,
          args: control.args,
          env: control.env,
          target: name,
          cols: COLS,
          rows: ROWS,
        }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  onCleanup(() => void relay.kill());
  await new Promise<void>((resolve, reject) => {
    relay.stdout.once('data', () => resolve());
    relay.once('exit', (code) => reject(new Error(`minimal relay exited with ${code}`)));
  });
  if (transport === 'net') {
    const socket = connect(socketPath);
    onCleanup(() => void socket.destroy());
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const probe = makeProbe(label, (data) => socket.write(data));
    socket.on('data', (buf: Buffer) => probe.receive(buf.toString('utf8')));
    return probe;
  }
  const ws = new WebSocket(`ws+unix://${socketPath}:/`, { perMessageDeflate: false });
  onCleanup(() => ws.terminate());
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const probe = makeProbe(label, (data) => ws.send(data));
  ws.on('message', (buf: Buffer) => probe.receive(buf.toString('utf8')));
  return probe;
}

await runBench(async () => {
  const work = tempDir('rdv-ks-');
  const bare = bareTmux();

  // raw pty: bash directly.
  const rawProbe = ptyProbe('raw pty (node-pty → bash)', '/bin/bash', ['--norc', '--noprofile'], {
    ...process.env,
    ...CLEAN_SHELL_ENV,
  });

  // tmux attach in a pty.
  await bare.newSession('ks-tmux');
  const { file, args, env } = await bare.tmux.attachArgs('ks-tmux');
  const tmuxProbe = ptyProbe('tmux attach (node-pty)', file, args, env);

  // In-process hubs on the bare server.
  await bare.newSession('ks-hub4');
  await bare.newSession('ks-hub0');
  const hub4 = await openHub(bare.tmux, 'ks-hub4', BATCH_MS, `hub in-process, batchMs=${BATCH_MS}`);
  const hub0 = await openHub(bare.tmux, 'ks-hub0', 0, 'hub in-process, batchMs=0');

  // A raw control-mode client: what the hub is, without rdv's code.
  await bare.newSession('ks-control');
  const controlProbe = rawControlProbe(
    'raw control client (tmux -C, no rdv)',
    await bare.tmux.attachArgs('ks-control'),
    'ks-control',
  );

  // The same control client behind a bare Node process, over a WebSocket and over a plain unix
  // socket: the floor of any design with a process (rdv's daemon) between the client and tmux.
  const relayProbe = await minimalRelay(
    bare,
    work,
    'ws',
    'ks-relay-ws',
    'minimal relay over a WebSocket (no rdv)',
  );
  const netRelayProbe = await minimalRelay(
    bare,
    work,
    'net',
    'ks-relay-net',
    'minimal relay over a unix socket',
  );

  // rdv.
  const daemon = await startDaemon();
  const credentials = { kind: 'cli' as const, token: daemon.cliToken() };
  const api = createApiClient({ socketPath: daemon.apiSocket, credentials });
  const ws = createTerminalClient({
    socketPath: daemon.terminalSocket,
    credentials,
    retryDelayMs: () => 60_000,
  });
  onCleanup(async () => {
    await ws.close();
    await api.close();
  });
  const session = await api.client.sessions.create.mutate(benchSession(work));
  await cleanShell(daemon.tmux, session.tmuxName);
  const acks: number[] = [];
  const rdvProbe = makeProbe('rdv terminal.input → attach', (data) => {
    const t0 = performance.now();
    void ws.client.terminal.input
      .mutate({ sessionId: session.id, data })
      .then(() => acks.push(performance.now() - t0));
  });
  let snapshot = false;
  const sub = ws.client.terminal.attach.subscribe(
    { sessionId: session.id, cols: COLS, rows: ROWS },
    {
      onData(value: unknown) {
        const { event } = unwrapStreamEvent(value);
        if (event.type === 'snapshot') snapshot = true;
        else if (event.type === 'output' && event.data) rdvProbe.receive(event.data);
      },
      onError: (error: unknown) => console.error('subscription error', error),
    },
  );
  onCleanup(() => sub.unsubscribe());
  await waitUntil(() => snapshot, 'snapshot');

  // The same over a bare WebSocket speaking tRPC's message format (second session).
  const session2 = await api.client.sessions.create.mutate(benchSession(work));
  await cleanShell(daemon.tmux, session2.tmuxName);
  const raw2 = new WebSocket(`ws+unix://${daemon.terminalSocket}:/`, {
    headers: { authorization: `Bearer ${credentials.token}` },
  });
  onCleanup(() => raw2.terminate());
  await new Promise((resolve, reject) => raw2.once('open', resolve).once('error', reject));
  let nextId = 10;
  const rawRtt: number[] = [];
  const rawCalls = new Map<number, (m: unknown) => void>();
  const rawWsProbe = makeProbe('rdv raw WS (no tRPC client)', (data) => {
    raw2.send(
      JSON.stringify({
        id: nextId++,
        method: 'mutation',
        params: { path: 'terminal.input', input: { sessionId: session2.id, data } },
      }),
    );
  });
  let raw2Snapshot = false;
  raw2.on('message', (buf: Buffer) => {
    const text = buf.toString('utf8');
    if (text === 'PING') return void raw2.send('PONG');
    const m = JSON.parse(text) as {
      id: number;
      result?: { type: string; data?: { data?: { type: string; data?: string } } };
    };
    if (m.id === 1 && m.result?.type === 'data') {
      // tracked(): { id, data: event }
      const event = m.result.data?.data;
      if (event?.type === 'snapshot') raw2Snapshot = true;
      else if (event?.type === 'output' && event.data) rawWsProbe.receive(event.data);
    } else {
      rawCalls.get(m.id)?.(m);
      rawCalls.delete(m.id);
    }
  });
  raw2.send(
    JSON.stringify({
      id: 1,
      method: 'subscription',
      params: {
        path: 'terminal.attach',
        input: { sessionId: session2.id, cols: COLS, rows: ROWS },
      },
    }),
  );
  await waitUntil(() => raw2Snapshot, 'raw ws snapshot');
  const rawHealth = async () => {
    const id = nextId++;
    const t0 = performance.now();
    await new Promise((resolve) => {
      rawCalls.set(id, resolve);
      raw2.send(JSON.stringify({ id, method: 'query', params: { path: 'health' } }));
    });
    rawRtt.push(performance.now() - t0);
  };

  // The terminal channel (what the dashboard and `rdv attach` use): its own socket, lean frames.
  const session3 = await api.client.sessions.create.mutate(benchSession(work));
  await cleanShell(daemon.tmux, session3.tmuxName);
  const channel = createTerminalChannel({
    socketPath: daemon.terminalSocket,
    credentials,
    retryDelayMs: () => 60_000,
  });
  onCleanup(() => channel.close());
  const channelAcks: number[] = [];
  const channelProbe = makeProbe('rdv terminal channel', (data) => {
    const t0 = performance.now();
    void channel.input({ data }).then(() => channelAcks.push(performance.now() - t0));
  });
  let channelLive = false;
  channel.attach(
    { sessionId: session3.id, cols: COLS, rows: ROWS },
    {
      onData: ({ event }) => {
        if (event.type === 'snapshot') channelLive = true;
        else if (event.type === 'output') channelProbe.receive(event.data);
      },
      onError: (error) => console.error('channel error', error),
    },
  );
  await waitUntil(() => channelLive, 'channel snapshot');

  // WS round trip of a no-op on the same socket: the transport's floor.
  const wsRtt: number[] = [];
  const healthProbe = {
    name: 'ws health round trip',
    async run() {
      const t0 = performance.now();
      await ws.client.health.query();
      wsRtt.push(performance.now() - t0);
    },
  };

  const probes = [
    rawProbe,
    tmuxProbe,
    controlProbe,
    relayProbe,
    netRelayProbe,
    rdvProbe,
    channelProbe,
    rawWsProbe,
    ...(hub4 ? [hub4] : []),
    ...(hub0 ? [hub0] : []),
  ];
  await sleep(500);
  await warmUp(probes);
  acks.length = 0;
  channelAcks.length = 0;

  await typeInTurns(probes, SAMPLES, {
    pauseMs: () => GAP_MS + Math.random() * GAP_MS,
    afterRound: async () => {
      await healthProbe.run();
      await rawHealth();
    },
  });

  console.log(
    `${SAMPLES} keystrokes per variant, interleaved, ${GAP_MS}-${2 * GAP_MS} ms apart; client-side echo latency`,
  );
  for (const p of probes) {
    printRow(p.name, summarize(p.samples));
    if (p.lost) console.log(`  (${p.lost} echoes not seen within ${ECHO_TIMEOUT_MS} ms)`);
  }
  printRow('  rdv terminal.input ack (mutation resolves)', summarize(acks));
  printRow('  rdv terminal channel input ack', summarize(channelAcks));
  printRow('  health round trip, tRPC WS client', summarize(wsRtt));
  printRow('  health round trip, raw WS', summarize(rawRtt));
  // Issue 14's targets: against the bare `tmux attach` of this same run.
  const bareAttach = summarize(tmuxProbe.samples);
  const flag = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  for (const [label, probe] of [
    ['rdv terminal.input → attach (tRPC)', rdvProbe],
    ['rdv terminal channel', channelProbe],
    ['minimal relay over a WebSocket (the floor with a process in between)', relayProbe],
    ['minimal relay over a unix socket', netRelayProbe],
  ] as const) {
    const rdv = summarize(probe.samples);
    const p50x = rdv.p50 / bareAttach.p50;
    const p99x = rdv.p99 / bareAttach.p99;
    console.log(
      `${label} vs tmux attach: p50 ${p50x.toFixed(2)}x (target <= 1.25x: ${flag(p50x <= 1.25)}), p99 ${p99x.toFixed(2)}x (target <= 2x: ${flag(p99x <= 2)})`,
    );
  }
  if (hub4 && hub0) {
    const d = summarize(hub4.samples).p50 - summarize(hub0.samples).p50;
    console.log(
      `output batching (batchMs=${BATCH_MS} vs 0, same process): +${d.toFixed(3)} ms at p50`,
    );
  }
});

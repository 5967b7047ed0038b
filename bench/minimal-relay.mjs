// The floor of any design that puts a process between the client and tmux: a bare Node process
// relaying one client to one `tmux -C` client, with none of rdv's code (no auth, no schema, no
// hub, no JSON). Keys arrive as messages and go to tmux as `send-keys -H`; the pane's `%output`
// lines go back as they are, unparsed. Spawned by keystroke-latency.ts with
// RELAY_CONFIG = { transport: 'ws' | 'net', socketPath, file, args, env, target, cols, rows }:
// `ws` serves a WebSocket, `net` a plain unix socket (bytes in, lines out, no framing).
// Prints `ready` once it listens.
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { WebSocketServer } from 'ws';

const { transport, socketPath, file, args, env, target, cols, rows } = JSON.parse(
  process.env.RELAY_CONFIG ?? '{}',
);
const tmux = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'ignore'] });
tmux.on('exit', () => process.exit(1));
tmux.stdout.setEncoding('utf8');

/** Where the pane's output goes: the one connected client. */
let sendOutput = () => {};
let partial = '';
tmux.stdout.on('data', (chunk) => {
  const lines = (partial + chunk).split('\n');
  partial = lines.pop();
  const output = lines.filter((line) => line.startsWith('%output '));
  if (output.length > 0) sendOutput(output.join('\n'));
});
const sendKeys = (data) => {
  const hex = Buffer.from(data).toString('hex').replace(/../g, '$& ');
  tmux.stdin.write(`send-keys -t ${target} -H ${hex}\n`);
};

let server;
if (transport === 'net') {
  server = createNetServer((socket) => {
    sendOutput = (text) => socket.write(text);
    socket.on('data', sendKeys);
  });
} else {
  server = createHttpServer();
  new WebSocketServer({ server, perMessageDeflate: false }).on('connection', (ws) => {
    sendOutput = (text) => ws.send(text);
    ws.on('message', sendKeys);
  });
}
server.listen(socketPath, () => {
  tmux.stdin.write(`refresh-client -C ${cols}x${rows}\n`);
  process.stdout.write('ready\n');
});

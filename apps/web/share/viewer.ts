// The share link's page (served by the web server at /share, bundled by build-server.mjs): a
// read-only live terminal for someone who is not a user. No cookies, no dashboard: one
// WebSocket to /api/share-terminal, on which the web server lets only `shares.watch` through,
// with the secret from the URL fragment in the message body (never in a URL a server logs).
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { Terminal } from '@xterm/xterm';
import type { AppRouter } from '@rdv/api';
import { unwrapStreamEvent, type ShareStreamEvent } from '@rdv/contract';
import { SHARE_TERMINAL_PATH } from '../server/share-paths.ts';
import { endMessage, fitScale, refusalMessage, secretFromHash, type ViewerStatus } from './viewer-state.ts';

const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 5_000;

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the share page has no #${id}`);
  return found;
}

function show(status: ViewerStatus): void {
  const box = element('status');
  box.dataset.state = status.kind;
  box.textContent =
    status.kind === 'connecting'
      ? 'Connecting…'
      : status.kind === 'live'
        ? 'Live · read-only'
        : status.message;
}

function start(): void {
  const secret = secretFromHash(location.hash);
  if (!secret) return show({ kind: 'refused', message: 'This link is incomplete: the part after # is missing.' });

  const term = new Terminal({
    disableStdin: true,
    cursorBlink: false,
    scrollback: 5_000,
    fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    theme: { background: '#0f1115', foreground: '#d8dee9' },
  });
  const holder = element('terminal');
  term.open(holder);
  const screen = element('screen');
  // The pane keeps its owner's size; this view scales to fit rather than resize it.
  const fit = () => {
    holder.style.transform = '';
    const style = getComputedStyle(screen);
    const available = screen.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const scale = fitScale(holder.scrollWidth, available);
    holder.style.transform = scale < 1 ? `scale(${scale})` : '';
    holder.style.height = scale < 1 ? `${holder.scrollHeight * scale}px` : '';
  };
  new ResizeObserver(fit).observe(screen);

  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${SHARE_TERMINAL_PATH}`;
  const ws = createWSClient({ url, retryDelayMs: (n) => Math.min(RETRY_BASE_MS * 2 ** n, RETRY_MAX_MS) });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  let finished = false;
  const finish = (status: ViewerStatus) => {
    finished = true;
    show(status);
    document.body.dataset.ended = 'true';
    subscription.unsubscribe();
    void ws.close();
  };
  const onEvent = (event: ShareStreamEvent) => {
    switch (event.type) {
      case 'share':
        element('session').textContent = event.sessionName;
        element('details').textContent = `${event.label} · link expires ${new Date(event.expiresAt).toLocaleString()}`;
        document.title = `${event.sessionName} (shared, read-only)`;
        return;
      case 'snapshot':
        term.reset();
        term.resize(event.cols, event.rows);
        term.write(event.data, fit);
        show({ kind: 'live' });
        return;
      case 'resume':
      case 'size':
        term.resize(event.cols, event.rows);
        fit();
        show({ kind: 'live' });
        return;
      case 'output':
        term.write(event.data);
        return;
      case 'suspended':
        show({ kind: 'ended', message: 'The shared session is suspended.' });
        return;
      case 'error':
        show({ kind: 'ended', message: event.message });
        return;
      case 'exit':
      case 'ended':
        finish({ kind: 'ended', message: endMessage(event) });
        return;
    }
  };
  const subscription = client.shares.watch.subscribe(
    { secret },
    {
      onData: (value: unknown) => onEvent(unwrapStreamEvent(value).event),
      onError: (error: unknown) => finish({ kind: 'refused', message: refusalMessage((error as Error).message) }),
      onComplete: () => {
        if (!finished) finish({ kind: 'ended', message: 'The share has ended.' });
      },
    },
  );
}

start();

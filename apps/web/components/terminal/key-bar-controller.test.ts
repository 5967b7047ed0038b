import type { Terminal } from '@xterm/xterm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLAIM_MIN_INTERVAL_MS, KeyBarController } from './key-bar-controller';

/**
 * A stand-in for xterm.js with what the controller touches: like xterm, `input` and `paste`
 * fire onData synchronously, which here is the terminal view's wiring (typed → send).
 */
function setup({ live = true }: { live?: boolean } = {}) {
  const sent: string[] = [];
  const calls: string[] = [];
  const element = new EventTarget();
  const textarea = new EventTarget();
  const wiring: { controller?: KeyBarController } = {};
  const onData = (data: string) => sent.push(wiring.controller!.typed(data));
  const term = {
    cols: 45,
    rows: 41,
    textarea,
    modes: { applicationCursorKeysMode: false },
    input: (data: string) => onData(data),
    paste: (text: string) => onData(`\x1b[200~${text}\x1b[201~`),
  };
  const controller = new KeyBarController({
    term: term as unknown as Terminal,
    element: element as HTMLElement,
    fit: () => calls.push('fit'),
    claimSize: () => calls.push(`claim ${term.cols}x${term.rows}`),
    isLive: () => live,
  });
  wiring.controller = controller;
  return { controller, term, sent, calls, element, textarea, onData };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => vi.useRealTimers());

describe('KeyBarController keys', () => {
  it('sends bar keys through the terminal’s input path, with a one-shot modifier', () => {
    const { controller, sent } = setup();
    controller.press('escape');
    controller.modifiers.tap('ctrl');
    controller.press('up');
    controller.press('up');
    expect(sent).toEqual(['\x1b', '\x1b[1;5A', '\x1b[A']);
  });

  it('modifies the next typed key and never a bar key twice, even with Alt locked', () => {
    const { controller, sent, onData } = setup();
    controller.modifiers.tap('alt');
    controller.modifiers.tap('alt');
    controller.press('enter');
    onData('x');
    expect(sent).toEqual(['\x1b\r', '\x1bx']);
  });

  it('follows application cursor mode for the arrows', () => {
    const { controller, term, sent } = setup();
    term.modes.applicationCursorKeysMode = true;
    controller.press('left');
    expect(sent).toEqual(['\x1bOD']);
  });

  it('pastes untouched by an armed modifier, which stays armed', () => {
    const { controller, sent } = setup();
    controller.modifiers.tap('ctrl');
    controller.paste('ls');
    expect(sent).toEqual(['\x1b[200~ls\x1b[201~']);
    expect(controller.modifiers.current.ctrl).toBe('once');
  });
});

describe('KeyBarController size claim', () => {
  it('Fit measures the box, then makes this client decide the size', async () => {
    const { controller, calls } = setup();
    controller.fitToDevice();
    expect(calls).toEqual(['fit', 'claim 45x41']);
  });

  it('a touch or focus claims at most once per interval, and not right after typing', async () => {
    const { controller, calls, element, textarea, onData } = setup();
    element.dispatchEvent(new Event('pointerdown'));
    await vi.runAllTimersAsync();
    textarea.dispatchEvent(new Event('focus'));
    await vi.runAllTimersAsync();
    expect(calls.filter((c) => c.startsWith('claim'))).toHaveLength(1);

    vi.advanceTimersByTime(CLAIM_MIN_INTERVAL_MS + 1);
    onData('a'); // typing already puts this client in charge
    element.dispatchEvent(new Event('pointerdown'));
    await vi.runAllTimersAsync();
    expect(calls.filter((c) => c.startsWith('claim'))).toHaveLength(1);

    vi.advanceTimersByTime(CLAIM_MIN_INTERVAL_MS + 1);
    element.dispatchEvent(new Event('pointerdown'));
    await vi.runAllTimersAsync();
    expect(calls.filter((c) => c.startsWith('claim'))).toHaveLength(2);
    controller.fitToDevice(); // Fit never waits
    expect(calls.filter((c) => c.startsWith('claim'))).toHaveLength(3);
  });

  it('claims nothing while the stream is not live, and stops listening when disposed', async () => {
    const offline = setup({ live: false });
    offline.controller.fitToDevice();
    expect(offline.calls).toEqual([]);

    const { controller, calls, element } = setup();
    controller.dispose();
    element.dispatchEvent(new Event('pointerdown'));
    await vi.runAllTimersAsync();
    expect(calls).toEqual([]);
  });
});

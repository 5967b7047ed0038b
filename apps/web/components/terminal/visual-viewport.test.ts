import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followVisualViewport, VIEWPORT_HEIGHT_VAR, VIEWPORT_TOP_VAR } from './visual-viewport';

/** A phone's visual viewport, as far as the module reads it. */
class FakeViewport extends EventTarget {
  height = 844;
  offsetTop = 0;
  scale = 1;
}

let viewport: FakeViewport;
let style: Map<string, string>;

beforeEach(() => {
  viewport = new FakeViewport();
  style = new Map();
  const root = {
    style: {
      setProperty: (name: string, value: string) => void style.set(name, value),
      removeProperty: (name: string) => void style.delete(name),
    },
  };
  Object.assign(globalThis, {
    window: { visualViewport: viewport },
    document: { documentElement: root },
    // Frames run at once: the test reads the result of each event.
    requestAnimationFrame: (run: () => void) => (run(), 1),
    cancelAnimationFrame: () => undefined,
  });
});

afterEach(() => {
  for (const name of ['window', 'document', 'requestAnimationFrame', 'cancelAnimationFrame'])
    Reflect.deleteProperty(globalThis, name);
});

describe('followVisualViewport', () => {
  it('gives the app the visible height, and follows the on-screen keyboard', () => {
    const stop = followVisualViewport();
    expect(style.get(VIEWPORT_HEIGHT_VAR)).toBe('844px');
    expect(style.get(VIEWPORT_TOP_VAR)).toBe('0px');

    // iOS: the keyboard covers the bottom and the visual viewport pans down a little.
    viewport.height = 503.6;
    viewport.offsetTop = 40;
    viewport.dispatchEvent(new Event('resize'));
    expect(style.get(VIEWPORT_HEIGHT_VAR)).toBe('504px');
    expect(style.get(VIEWPORT_TOP_VAR)).toBe('40px');

    stop();
    expect(style.size).toBe(0);
  });

  it('leaves the layout alone during a pinch zoom', () => {
    const stop = followVisualViewport();
    viewport.scale = 2;
    viewport.height = 422;
    viewport.dispatchEvent(new Event('resize'));
    expect(style.size).toBe(0);
    viewport.scale = 1;
    viewport.height = 844;
    viewport.dispatchEvent(new Event('scroll'));
    expect(style.get(VIEWPORT_HEIGHT_VAR)).toBe('844px');
    stop();
  });

  it('follows once for many users and stops with the last', () => {
    const first = followVisualViewport();
    const second = followVisualViewport();
    first();
    first(); // a second call of the same stop changes nothing
    viewport.height = 600;
    viewport.dispatchEvent(new Event('resize'));
    expect(style.get(VIEWPORT_HEIGHT_VAR)).toBe('600px');
    second();
    expect(style.size).toBe(0);
    viewport.dispatchEvent(new Event('resize'));
    expect(style.size).toBe(0);
  });
});

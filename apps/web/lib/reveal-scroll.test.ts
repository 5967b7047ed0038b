import { describe, expect, it } from 'vitest';
import { revealScrollLeft } from './reveal-scroll';

describe('revealScrollLeft', () => {
  const view = { scrollLeft: 100, width: 300 };

  it('leaves the scroll alone when the item is already in view', () => {
    expect(revealScrollLeft(view, { left: 150, width: 100 })).toBe(100);
    expect(revealScrollLeft(view, { left: 100, width: 300 })).toBe(100);
  });

  it('scrolls back to an item left of the view, to its start', () => {
    expect(revealScrollLeft(view, { left: 40, width: 100 })).toBe(40);
    expect(revealScrollLeft(view, { left: 60, width: 100 })).toBe(60);
  });

  it('scrolls forward just enough for an item right of the view', () => {
    expect(revealScrollLeft(view, { left: 380, width: 100 })).toBe(180);
    expect(revealScrollLeft(view, { left: 900, width: 120 })).toBe(720);
  });

  it('shows the start of an item wider than the view', () => {
    expect(revealScrollLeft(view, { left: 500, width: 400 })).toBe(500);
  });
});

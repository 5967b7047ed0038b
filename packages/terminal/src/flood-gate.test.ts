import { describe, expect, it } from 'vitest';
import { FloodDetector } from './flood-gate.ts';

describe('FloodDetector', () => {
  it('calls more than the limit within one window a flood', () => {
    const detector = new FloodDetector(1_000, 100);
    expect(detector.add(600, 0)).toBe(false);
    expect(detector.add(400, 50)).toBe(false); // exactly the limit
    expect(detector.add(1, 99)).toBe(true);
  });

  it('starts counting again in the next window and after a reset', () => {
    const detector = new FloodDetector(1_000, 100);
    expect(detector.add(900, 0)).toBe(false);
    expect(detector.add(900, 150)).toBe(false); // a new window
    detector.reset();
    expect(detector.add(900, 160)).toBe(false);
    expect(detector.add(200, 170)).toBe(true);
  });
});

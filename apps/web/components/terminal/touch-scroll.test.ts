import { describe, expect, it } from 'vitest';
import { TouchLines } from './touch-scroll';

describe('TouchLines', () => {
  it('scrolls back (negative) as the finger moves down, a line per line height', () => {
    const lines = new TouchLines(() => 20);
    lines.start(100);
    expect(lines.move(145)).toBe(-2); // 45 px: two lines, 5 px carried
    expect(lines.move(160)).toBe(-1); // 5 + 15 = 20 px
    expect(lines.move(100)).toBe(3); // back up 60 px
  });

  it('ignores moves without a start, and after the end', () => {
    const lines = new TouchLines(() => 20);
    expect(lines.move(50)).toBe(0);
    lines.start(0);
    lines.end();
    expect(lines.move(200)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { displayWidth, fit, printable, renderFields, renderTable } from './table.ts';

describe('renderTable', () => {
  const columns = [
    { header: 'id', value: (r: { id: string; name: string; n: number }) => r.id },
    { header: 'name', value: (r: { id: string; name: string; n: number }) => r.name, maxWidth: 8 },
    {
      header: 'n',
      value: (r: { id: string; name: string; n: number }) => String(r.n),
      align: 'right' as const,
    },
  ];

  it('pads columns to the widest cell, upper-cases headers, trims line ends', () => {
    const out = renderTable(columns, [
      { id: 'a1', name: 'alpha', n: 5 },
      { id: 'b22', name: 'be', n: 120 },
    ]);
    expect(out).toBe(['ID   NAME     N', 'a1   alpha    5', 'b22  be     120', ''].join('\n'));
  });

  it('cuts long cells with an ellipsis', () => {
    const out = renderTable(columns, [{ id: 'x', name: 'a-very-long-name', n: 1 }]);
    expect(out.split('\n')[1]).toBe('x   a-very-…  1');
  });

  it('prints only the header for no rows', () => {
    expect(renderTable(columns, [])).toBe('ID  NAME  N\n');
  });

  it('aligns wide characters by display width', () => {
    const out = renderTable(
      [
        { header: 'name', value: (r: { name: string }) => r.name },
        { header: 'x', value: () => 'x' },
      ],
      [{ name: '漢字' }, { name: 'ab' }],
    );
    const [, first, second] = out.split('\n');
    expect(first).toBe('漢字  x');
    expect(second).toBe('ab    x');
  });

  it('never prints control characters from data', () => {
    const out = renderTable(
      [{ header: 'name', value: (r: { name: string }) => r.name }],
      [{ name: 'evil\u001b]0;pwned\u0007\ttab' }],
    );
    // eslint-disable-next-line no-control-regex -- asserting that no control character got through
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain('evil?]0;pwned? tab');
  });
});

describe('renderFields', () => {
  it('aligns keys', () => {
    expect(
      renderFields([
        ['id', 'x'],
        ['status', 'active'],
      ]),
    ).toBe('id:     x\nstatus: active\n');
  });
});

describe('helpers', () => {
  it('fit keeps short text and cuts long text to the width', () => {
    expect(fit('abc', 5)).toBe('abc');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(displayWidth(fit('漢字漢字', 5))).toBeLessThanOrEqual(5);
  });

  it('printable replaces C0, DEL and C1 controls', () => {
    expect(printable('a\u0000b\u007fc\u009bd')).toBe('a?b?c?d');
  });
});

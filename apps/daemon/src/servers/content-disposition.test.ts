import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition.ts';

describe('attachmentDisposition', () => {
  it.each([
    ['report.pdf', `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`],
    ['my file (1).txt', `attachment; filename="my file (1).txt"; filename*=UTF-8''my%20file%20%281%29.txt`],
    ['résumé.pdf', `attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`],
    ['a"b.txt', `attachment; filename="a_b.txt"; filename*=UTF-8''a%22b.txt`],
    ['dir\\name.txt', `attachment; filename="name.txt"; filename*=UTF-8''name.txt`],
    ['x\r\nSet-Cookie: y', `attachment; filename="x__Set-Cookie: y"; filename*=UTF-8''x__Set-Cookie%3A%20y`],
    ['.env', `attachment; filename="env"; filename*=UTF-8''env`],
    ['', `attachment; filename="download"; filename*=UTF-8''download`],
    ['50%.txt', `attachment; filename="50_.txt"; filename*=UTF-8''50%25.txt`],
  ])('%j', (name, expected) => {
    expect(attachmentDisposition(name)).toBe(expected);
  });

  it('never carries a line break or a path, whatever the name', () => {
    const value = attachmentDisposition('../../etc/\npasswd');
    expect(value).not.toMatch(/[\r\n]/);
    expect(value).toContain('filename="_passwd"');
  });
});

import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.ts';
import { candidateName, MAX_UPLOAD_NAME_BYTES, sanitizeUploadName } from './upload-names.ts';

describe('sanitizeUploadName', () => {
  it.each([
    ['screenshot.png', 'screenshot.png'],
    ['Screen Shot 2026-01-02 at 10.00.00.png', 'Screen Shot 2026-01-02 at 10.00.00.png'],
    ['résumé.pdf', 'résumé.pdf'],
    ['日本語のファイル.txt', '日本語のファイル.txt'],
    ['.bashrc', 'bashrc'],
    ['..hidden', 'hidden'],
    ['  . leading.txt', 'leading.txt'],
    ['trailing. . ', 'trailing'],
    ['tab\there.txt', 'tab_here.txt'],
    ['new\nline.txt', 'new_line.txt'],
    ['esc\u001b[31mred.txt', 'esc_[31mred.txt'],
    ['del\u007f.txt', 'del_.txt'],
    // A right-to-left override would show "invoice_gpj.exe" as "invoice_exe.jpg".
    ['invoice_\u202egpj.exe', 'invoice__gpj.exe'],
    ['zero\u200bwidth.txt', 'zero_width.txt'],
    ['$(rm -rf ~)`x`;|&.sh', '$(rm -rf ~)`x`;|&.sh'],
    ['...', 'file'],
    ['\u0007', '_'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeUploadName(raw)).toBe(expected);
  });

  it('composes what the browser decomposed (NFC), so one name is stored one way', () => {
    expect(sanitizeUploadName('cafe\u0301.txt')).toBe('caf\u00e9.txt');
  });

  it.each(['../etc/passwd', '/etc/passwd', 'a/b.txt', 'a\\b.txt', '..\\..\\x', '.', '..', ' .. '])(
    'refuses %j, a path rather than a name',
    (raw) => {
      expect(() => sanitizeUploadName(raw)).toThrow(BadInputError);
    },
  );

  it('refuses NUL', () => {
    expect(() => sanitizeUploadName('a\0b.txt')).toThrow(/NUL/);
  });

  it('says why a path is refused, in one line', () => {
    expect(() => sanitizeUploadName('../../x')).toThrow('"../../x" is a path, not a file name');
  });

  it(`bounds a long name to ${MAX_UPLOAD_NAME_BYTES} bytes and keeps its extension`, () => {
    const name = sanitizeUploadName(`${'a'.repeat(300)}.png`);
    expect(Buffer.byteLength(name)).toBe(MAX_UPLOAD_NAME_BYTES);
    expect(name.endsWith('.png')).toBe(true);
  });

  it('never splits a multi-byte character when shortening', () => {
    const name = sanitizeUploadName(`${'é'.repeat(200)}.txt`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_UPLOAD_NAME_BYTES);
    expect(name).toMatch(/^é+\.txt$/);
    const emoji = sanitizeUploadName('😀'.repeat(100));
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(MAX_UPLOAD_NAME_BYTES);
    expect(emoji).toMatch(/^(😀)+$/u);
  });

  it('cuts a long extension with the rest rather than keep it whole', () => {
    const name = sanitizeUploadName(`x.${'y'.repeat(300)}`);
    expect(Buffer.byteLength(name)).toBe(MAX_UPLOAD_NAME_BYTES);
  });
});

describe('candidateName', () => {
  it('numbers a taken name before its extension', () => {
    expect(candidateName('shot.png', 1)).toBe('shot.png');
    expect(candidateName('shot.png', 2)).toBe('shot-2.png');
    expect(candidateName('archive.tar.gz', 3)).toBe('archive.tar-3.gz');
    expect(candidateName('README', 2)).toBe('README-2');
  });

  it('stays within the bound when the name is as long as allowed', () => {
    const long = sanitizeUploadName(`${'a'.repeat(300)}.png`);
    const next = candidateName(long, 12);
    expect(Buffer.byteLength(next)).toBeLessThanOrEqual(MAX_UPLOAD_NAME_BYTES);
    expect(next.endsWith('-12.png')).toBe(true);
  });
});

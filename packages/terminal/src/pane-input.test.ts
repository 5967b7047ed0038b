import { describe, expect, it } from 'vitest';
import { chunkBytes, PASTE_CHUNK_BYTES, PaneInput } from './pane-input.ts';

const PANE_INPUT_TEST_PANE = '%3';

describe('PaneInput', () => {
  it('types a keystroke as hex keys, after leaving copy-mode, in one line', () => {
    expect(new PaneInput(PANE_INPUT_TEST_PANE).lines('a\r✅')).toEqual([
      ["'copy-mode' '-q' '-t' '%3'", "'send-keys' '-t' '%3' '-H' '61' '0d' 'e2' '9c' '85'"],
    ]);
  });

  it('pastes in pieces through numbered buffers, with -- before the data', () => {
    const paste = 'x'.repeat(PASTE_CHUNK_BYTES + 10);
    const lines = new PaneInput(PANE_INPUT_TEST_PANE).lines(paste);
    expect(lines).toHaveLength(2);
    expect(lines[0]![1]).toMatch(/^set-buffer -b rdv-input-1 -- "x+"$/);
    expect(lines[1]![2]).toBe("paste-buffer -d -r -b rdv-input-2 '-t' '%3'");
  });
});

describe('chunkBytes', () => {
  it('never splits a UTF-8 character', () => {
    const bytes = Buffer.from('aé€🙂'.repeat(100));
    const pieces = chunkBytes(bytes, 7);
    expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
    for (const piece of pieces) expect(piece.toString('utf8')).not.toContain('\ufffd');
  });
});

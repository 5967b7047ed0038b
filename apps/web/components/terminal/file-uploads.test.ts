import { describe, expect, it } from 'vitest';
import type { UploadedFile } from '@rdv/contract';
import { TransferError } from '../../lib/file-transfer';
import { FileUploads, type UploadState } from './file-uploads';

/** A FileUploads over a fake server that stores into /up/<name>, recording what the terminal got. */
function harness(opts: { maxBytes?: number; refuse?: Record<string, string> } = {}) {
  const typed: string[] = [];
  const states: UploadState[] = [];
  const sent: string[] = [];
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const uploads = new FileUploads({
    maxBytes: () => opts.maxBytes,
    upload: async (file, onProgress) => {
      sent.push(file.name);
      onProgress({ loaded: file.size / 2, total: file.size });
      await Promise.resolve();
      const refusal = opts.refuse?.[file.name];
      if (refusal) throw new TransferError(refusal, 413);
      return { path: `/up/${file.name}`, name: file.name, size: file.size } satisfies UploadedFile;
    },
    paste: (text) => typed.push(`paste:${text}`),
    type: (text) => typed.push(`type:${text}`),
    onState: (state) => {
      states.push(state);
      if (state.kind !== 'uploading') settle();
    },
  });
  return { uploads, typed, states, sent, settled };
}

const file = (name: string, size = 10) => new File([new Uint8Array(size)], name);

describe('FileUploads', () => {
  it('pastes each stored path, shell-escaped, a typed space between two', async () => {
    const h = harness();
    h.uploads.add([file('one.png'), file('Screen Shot.png')]);
    await h.settled;
    expect(h.typed).toEqual(['paste:/up/one.png', 'type: ', 'paste:/up/Screen\\ Shot.png']);
    expect(h.states.at(-1)).toEqual({ kind: 'idle' });
    expect(h.states).toContainEqual({ kind: 'uploading', name: 'Screen Shot.png', loaded: 5, total: 10, position: 2, count: 2 });
  });

  it('refuses a file over the limit and an empty one before sending them; the others still go', async () => {
    const h = harness({ maxBytes: 100 });
    h.uploads.add([file('big.bin', 200), file('empty.txt', 0), file('ok.txt')]);
    await h.settled;
    expect(h.sent).toEqual(['ok.txt']);
    expect(h.typed).toEqual(['paste:/up/ok.txt']);
    expect(h.states.at(-1)).toEqual({
      kind: 'refused',
      messages: [
        'big.bin was not uploaded: it is 200 bytes, more than the limit of 100 bytes ([files] upload_max_mb)',
        'empty.txt was not uploaded: it is empty',
      ],
    });
  });

  it("shows the server's refusal and types nothing for that file", async () => {
    const h = harness({ refuse: { 'x.bin': '"x.bin" is larger than the upload limit of 1 MB' } });
    h.uploads.add([file('x.bin')]);
    await h.settled;
    expect(h.typed).toEqual([]);
    expect(h.states.at(-1)).toEqual({ kind: 'refused', messages: ['"x.bin" is larger than the upload limit of 1 MB'] });
    h.uploads.dismiss();
    expect(h.states.at(-1)).toEqual({ kind: 'idle' });
  });

  it('sends nothing more once disposed', async () => {
    const h = harness();
    h.uploads.dispose();
    h.uploads.add([file('late.txt')]);
    await Promise.resolve();
    expect(h.sent).toEqual([]);
  });
});

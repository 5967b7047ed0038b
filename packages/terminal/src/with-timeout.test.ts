import { describe, expect, it } from 'vitest';
import { withTimeout } from './with-timeout.ts';

describe('withTimeout', () => {
  it('gives the promise when it settles in time, and leaves no rejection behind', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      expect(
        await withTimeout(Promise.resolve(1), 20, () => {
          throw new Error('late');
        }),
      ).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('gives the fallback, or its error, after the time', async () => {
    const never = new Promise<number>(() => undefined);
    expect(await withTimeout(never, 10, () => 2)).toBe(2);
    await expect(
      withTimeout(never, 10, () => {
        throw new Error('did not answer');
      }),
    ).rejects.toThrow('did not answer');
  });
});

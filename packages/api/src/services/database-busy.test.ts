import { describe, expect, it } from 'vitest';
import { isDatabaseBusy } from './database-busy.ts';

describe('isDatabaseBusy', () => {
  it('recognises Prisma’s timeout over SQLITE_BUSY and nothing else', () => {
    const busy = Object.assign(new Error('Operation has timed out'), {
      code: 'P1008',
      meta: { driverAdapterError: { cause: { originalCode: 'SQLITE_BUSY', originalMessage: 'database is locked' } } },
    });
    expect(isDatabaseBusy(busy)).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }))).toBe(false);
    expect(isDatabaseBusy(new Error('boom'))).toBe(false);
    expect(isDatabaseBusy(undefined)).toBe(false);
  });
});

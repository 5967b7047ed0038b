import { describe, expect, it } from 'vitest';
import { appRouter } from '../../root.ts';
import { PROCEDURE_POLICY, policyOf } from './procedure-policy.ts';

describe('procedure policy', () => {
  const paths = new Set(Object.keys(appRouter._def.procedures));

  it('names only procedures that exist', () => {
    expect(Object.keys(PROCEDURE_POLICY).filter((path) => !paths.has(path))).toEqual([]);
  });

  it('puts what starts processes or types into sessions in the expensive budget', () => {
    for (const path of ['sessions.create', 'sessions.exec', 'orchestrators.inject', 'worktrees.create']) {
      expect(policyOf(path).rate).toBe('expensive');
    }
    expect(policyOf('terminal.input').rate).toBe('terminal');
    expect(policyOf('sessions.list')).toEqual({ rate: 'default', audit: false });
  });

  it('audits the sensitive operations the injector does not already audit', () => {
    for (const path of ['sessions.create', 'sessions.close', 'worktrees.create', 'worktrees.remove', 'trash.purge', 'tokens.create', 'tokens.revoke']) {
      expect(policyOf(path).audit).toBe(true);
    }
    expect(policyOf('sessions.exec').audit).toBe(false);
    expect(policyOf('orchestrators.inject').audit).toBe(false);
  });
});

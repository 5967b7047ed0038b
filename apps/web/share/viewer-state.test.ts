import { describe, expect, it } from 'vitest';
import { endMessage, fitScale, refusalMessage, secretFromHash } from './viewer-state.ts';

describe('share viewer state', () => {
  it('reads the secret from the fragment only', () => {
    expect(secretFromHash('#rdvs_abc')).toBe('rdvs_abc');
    expect(secretFromHash('')).toBeNull();
    expect(secretFromHash('#')).toBeNull();
    expect(secretFromHash(`#${'x'.repeat(129)}`)).toBeNull();
  });

  it('says why the stream ended', () => {
    expect(endMessage({ type: 'ended', reason: 'revoked' })).toMatch(/was revoked/);
    expect(endMessage({ type: 'ended', reason: 'expired' })).toMatch(/has expired/);
    expect(endMessage({ type: 'ended', reason: 'closed' })).toMatch(/was closed/);
    expect(endMessage({ type: 'exit', code: 0 })).toMatch(/ended/);
  });

  it('turns refusals into plain words', () => {
    expect(refusalMessage('this share link was revoked')).toMatch(/was revoked/);
    expect(refusalMessage('this share link has expired')).toMatch(/has expired/);
    expect(refusalMessage('this share link is not valid')).toMatch(/not valid/);
    expect(refusalMessage('too many failed share links from this client')).toMatch(/Too many/);
  });

  it('scales a wide terminal down to fit, never up', () => {
    expect(fitScale(800, 400)).toBe(0.5);
    expect(fitScale(400, 800)).toBe(1);
    expect(fitScale(0, 800)).toBe(1);
  });
});

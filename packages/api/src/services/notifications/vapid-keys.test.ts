import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webPush from 'web-push';
import { describe, expect, it } from 'vitest';
import { loadOrCreateVapidKeys } from './vapid-keys.ts';

describe('loadOrCreateVapidKeys', () => {
  it('makes a key pair web-push accepts, private to the user, and reads the same one back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rdv-vapid-')), 'server', 'vapid-keys.json');
    const made = loadOrCreateVapidKeys(file);
    expect(Buffer.from(made.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(made.privateKey, 'base64url')).toHaveLength(32);
    // web-push validates both keys (length and encoding) and signs a VAPID JWT with them.
    const details = webPush.generateRequestDetails(
      { endpoint: 'https://push.example/abc', keys: { p256dh: made.publicKey, auth: 'AAAAAAAAAAAAAAAAAAAAAA' } },
      null,
      { vapidDetails: { subject: 'mailto:owner@example.com', ...made } },
    );
    expect(String(details.headers.Authorization)).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateVapidKeys(file)).toEqual(made);
    expect(JSON.parse(readFileSync(file, 'utf8')).publicKey).toBe(made.publicKey);
  });

});

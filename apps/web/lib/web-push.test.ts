import { describe, expect, it } from 'vitest';
import { base64urlToBytes, deviceLabel } from './web-push';

describe('web push helpers', () => {
  it('names a device by browser and system', () => {
    expect(deviceLabel('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36')).toBe('Chrome on Android');
    expect(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
    expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox on Linux');
    expect(deviceLabel('curl/8')).toBe('Browser on this device');
  });

  it('decodes a VAPID public key (base64url, no padding) to its 65 bytes', () => {
    const raw = Buffer.alloc(65, 0xfb);
    raw[0] = 4;
    const bytes = base64urlToBytes(raw.toString('base64url'));
    expect(Buffer.from(bytes).equals(raw)).toBe(true);
  });
});

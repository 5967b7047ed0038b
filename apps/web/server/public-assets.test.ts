import { describe, expect, it } from 'vitest';
import { isPublicAsset } from './public-assets.ts';

describe('isPublicAsset', () => {
  it('lets GET and HEAD of the favicon, icons, manifest and service worker through', () => {
    for (const path of ['/favicon.ico', '/icon.svg', '/manifest.webmanifest', '/sw.js'])
      expect(isPublicAsset('GET', path)).toBe(true);
    expect(isPublicAsset('HEAD', '/icons/icon-512.png')).toBe(true);
  });

  it('keeps everything else behind login: the page, the API, other files, other methods', () => {
    for (const path of [
      '/',
      '/api/trpc/me.get',
      '/_next/static/chunks/x.js',
      '/icons/',
      '/icons/x.png',
    ])
      expect(isPublicAsset('GET', path)).toBe(false);
    expect(isPublicAsset('POST', '/manifest.webmanifest')).toBe(false);
    // Paths are compared as sent: no normalisation that could be tricked into a wider match.
    expect(isPublicAsset('GET', '/icons/../api/trpc')).toBe(false);
    expect(isPublicAsset('GET', '/SW.JS')).toBe(false);
  });
});

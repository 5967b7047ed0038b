#!/usr/bin/env node
// Renders the PNG icons of the web app manifest, the Apple touch icon and favicon.ico from
// app/icon.svg with headless Chromium. Run once after changing the SVG and commit the results:
//   node apps/web/scripts/make-icons.mjs   (CHROMIUM=/path/to/chromium to pick the browser)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SVG = join(WEB_ROOT, 'app', 'icon.svg');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The SVG's own background: what a maskable or opaque icon is filled with. */
const BACKGROUND = '#0f1115';
/**
 * Maskable icons are cropped to a shape by the launcher; everything that matters must sit in
 * the centre circle of 80% diameter. The SVG drawn at 80% keeps its glyph well inside.
 * @see https://web.dev/articles/maskable-icon
 */
const MASKABLE_SCALE = 0.8;

const work = mkdtempSync(join(tmpdir(), 'rdv-icons-'));
const svgUrl = pathToFileURL(SVG).href;

/** One PNG of `size` px: the SVG on a transparent background, or `scale` of it on BACKGROUND. */
function render(size, { opaque = false, scale = 1 } = {}) {
  const inner = Math.round(size * scale);
  const html = join(work, `icon-${size}-${opaque}-${scale}.html`);
  const png = join(work, `icon-${size}-${opaque}-${scale}.png`);
  writeFileSync(
    html,
    `<!doctype html><html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${opaque ? BACKGROUND : 'transparent'}"><img src="${svgUrl}" style="width:${inner}px;height:${inner}px;display:block"></body></html>`,
  );
  execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--no-first-run',
      '--disable-background-networking',
      '--default-background-color=00000000',
      '--force-device-scale-factor=1',
      `--window-size=${size},${size}`,
      `--screenshot=${png}`,
      pathToFileURL(html).href,
    ],
    { stdio: 'ignore' },
  );
  const data = readFileSync(png);
  const [width, height] = [data.readUInt32BE(16), data.readUInt32BE(20)];
  if (width !== size || height !== size)
    throw new Error(`chromium rendered ${width}x${height}, not ${size}x${size}`);
  return data;
}

/** An ICO file holding PNG images (every browser since IE 11 reads PNG entries). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

try {
  const icons = join(WEB_ROOT, 'public', 'icons');
  mkdirSync(icons, { recursive: true });
  writeFileSync(join(icons, 'icon-192.png'), render(192));
  writeFileSync(join(icons, 'icon-512.png'), render(512));
  writeFileSync(
    join(icons, 'icon-maskable-512.png'),
    render(512, { opaque: true, scale: MASKABLE_SCALE }),
  );
  // iOS ignores the manifest's icons and fills transparency with black: an opaque 180 px icon.
  writeFileSync(join(WEB_ROOT, 'app', 'apple-icon.png'), render(180, { opaque: true }));
  writeFileSync(
    join(WEB_ROOT, 'public', 'favicon.ico'),
    ico([16, 32, 48].map((size) => ({ size, png: render(size) }))),
  );
  process.stdout.write('icons written to public/icons, public/favicon.ico, app/apple-icon.png\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}

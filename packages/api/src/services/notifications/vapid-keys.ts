import { createECDH } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The daemon's VAPID key pair (base64url, as web-push and `PushManager.subscribe` take them). */
export interface VapidKeys {
  publicKey: string;
  /** A secret: whoever has it can push to every subscribed device. Never logged. */
  privateKey: string;
}

const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;

/**
 * Reads the key pair from `file`, or makes one and writes it there with mode 0600 (`wx`: two
 * processes racing cannot both write; the loser reads the winner's). A changed key pair would
 * orphan every browser's subscription, so an unreadable file is an error, not a reason to
 * make new keys.
 */
export function loadOrCreateVapidKeys(file: string): VapidKeys {
  try {
    return parseKeys(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  const keys = generateVapidKeys();
  try {
    writeFileSync(
      file,
      `${JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey, createdAt: new Date().toISOString() }, null, 2)}\n`,
      { mode: PRIVATE_FILE_MODE, flag: 'wx' },
    );
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKeys(readFileSync(file, 'utf8'), file);
  }
}

/**
 * A new P-256 key pair in the form web-push's `generateVAPIDKeys` gives (the uncompressed public
 * point and the 32-byte private scalar, base64url), made with node:crypto so that start-up does
 * not load web-push.
 */
function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    // getPrivateKey drops leading zero bytes; VAPID wants exactly 32.
    privateKey: Buffer.from(ecdh.getPrivateKey('hex').padStart(64, '0'), 'hex').toString('base64url'),
  };
}

function parseKeys(text: string, file: string): VapidKeys {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(
      `${file}: not JSON; move it away to make new keys (devices must subscribe again)`,
    );
  }
  const { publicKey, privateKey } = (value ?? {}) as Record<string, unknown>;
  if (
    typeof publicKey !== 'string' ||
    typeof privateKey !== 'string' ||
    Buffer.from(publicKey, 'base64url').length !== 65 ||
    Buffer.from(privateKey, 'base64url').length !== 32
  ) {
    throw new Error(
      `${file}: no valid VAPID key pair; move it away to make new keys (devices must subscribe again)`,
    );
  }
  return { publicKey, privateKey };
}

import { hash, randomBytes } from 'node:crypto';
import { maskSecret } from '../../core/redact.js';

/**
 * What a client key looks like: `llmd_` + 40 base62 characters (238 bits from the system's CSPRNG), so it
 * cannot be guessed and `redactSecrets` recognises it by its prefix. Only its SHA-256 is stored; a plain
 * hash is enough because the key is random, not a password someone chose.
 */

export const CLIENT_KEY_PREFIX = 'llmd_';
const KEY_LENGTH = 40;
const ID_PREFIX = 'ck_';
const ID_LENGTH = 16;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Bytes at or above this are dropped: 248 = 4 × 62, so every character is equally likely. */
const UNBIASED_BELOW = 256 - (256 % BASE62.length);

/** `length` characters of base62, each from one unbiased random byte. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 8)) {
      if (byte >= UNBIASED_BELOW) continue;
      out += BASE62[byte % BASE62.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export function newClientKey(): string {
  return CLIENT_KEY_PREFIX + randomBase62(KEY_LENGTH);
}

export function newClientKeyId(): string {
  return ID_PREFIX + randomBase62(ID_LENGTH);
}

/** The only form of a client key that is stored or compared. */
export function hashClientKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** `llmd_…Ab3x`. */
export function maskClientKey(key: string): string {
  return maskSecret(key);
}

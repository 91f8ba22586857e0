import { describeSecret, fingerprint, redactSecrets } from '../../core/redact.js';

/**
 * How variable values appear in findings. Keys only masked with a fingerprint; other values (base URLs,
 * ids) as they are, but with any password in a URL and anything key-shaped masked.
 */

/** `sk-proj-…a1B2 (fp 3f9c1e)` of the value the SDKs use (they trim surrounding whitespace). */
export function showKey(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') return value === '' ? 'set but empty' : 'set but blank (whitespace only)';
  const shown = describeSecret(trimmed);
  return trimmed === value ? shown : `${shown} (the value has surrounding whitespace)`;
}

/** Fingerprint of the value the SDKs use: two values with the same one are the same key. */
export function fingerprintOf(value: string): string {
  return fingerprint(value.trim());
}

/** A non-secret value, quoted when whitespace or quotes in it would otherwise be invisible. */
export function showPlain(value: string): string {
  const safe = redactSecrets(hidePassword(value));
  return /[\s"'`]/.test(safe) || safe === '' ? JSON.stringify(safe) : safe;
}

export function showValue(value: string, secret: boolean): string {
  return secret ? showKey(value) : showPlain(value);
}

/** `https://user:secret@host` → `https://user:****@host`, without parsing (the value may be broken). */
function hidePassword(text: string): string {
  // The password runs to the last `@` before the path, as URL parsers read it (an unencoded `@` stays hidden).
  return text.replace(/(\/\/[^/@\s:]*:)[^/?#\s]+@/g, '$1****@');
}

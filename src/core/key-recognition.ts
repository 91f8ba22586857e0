import { fitsLength, type KeyFormat } from './key-format.js';
import type { Findings } from './key-findings.js';

/** Recognizing which format a cleaned key has, and what is wrong with it as a key of that format. */

export interface FormatMatch {
  format: KeyFormat;
  /** Prefix, alphabet, length and signature all fit. */
  full: boolean;
  alphabetFits: boolean;
  lengthFits: boolean;
}

/** The longest matching prefix wins; then a full match; then a matching signature; then list order. */
export function recognize(formats: readonly KeyFormat[], key: string): FormatMatch | undefined {
  if (key === '') return undefined;
  let best: { match: FormatMatch; score: number[] } | undefined;
  for (const format of formats) {
    if (!key.startsWith(format.prefix)) continue;
    const alphabetFits = format.body.test(key.slice(format.prefix.length));
    const lengthFits = fitsLength(format, key.length);
    const signature = format.signature?.test(key);
    const full = alphabetFits && lengthFits && signature !== false;
    // A shared or absent prefix says nothing by itself: only the whole shape, or a signature, identifies.
    if (!full && format.identifiedBy === 'shape' && signature !== true) continue;
    const score = [format.prefix.length, full ? 1 : 0, signature === true ? 1 : 0];
    if (best === undefined || isHigher(score, best.score)) best = { match: { format, full, alphabetFits, lengthFits }, score };
  }
  return best?.match;
}

function isHigher(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

/** Problems of the key as a key of the recognized format, and of that format for the provider it is meant for. */
export function addFormatFindings(
  match: FormatMatch | undefined,
  key: string,
  formats: readonly KeyFormat[],
  expectedProvider: string | undefined,
  found: Findings,
): void {
  if (key === '') return;
  if (match === undefined) {
    found.add('unknown_format');
    return;
  }
  const { format } = match;
  if (!match.alphabetFits) {
    const strangers = [...new Set([...key.slice(format.prefix.length)].filter((ch) => !format.body.test(ch)))];
    if (strangers.length > 0) found.add('invalid_characters', strangers.slice(0, 5).map((ch) => JSON.stringify(ch)).join(' '));
  }
  if (!match.lengthFits) found.add('wrong_length');
  const expectedIsKnown = expectedProvider !== undefined && formats.some((f) => f.provider === expectedProvider);
  if (expectedIsKnown && format.provider !== expectedProvider && !format.alsoFits?.includes(expectedProvider)) found.add('wrong_provider');
  else if (!format.canCallModels) found.add('cannot_call_models');
  else if (format.kind === 'oauth_access') found.add('short_lived_token');
}

import type { KeyFormat, KeyKind } from './key-format.js';
import { Findings } from './key-findings.js';
import { detectPlaceholder, textToRecognize } from './key-non-key.js';
import { expectedProvider, type ProblemContext } from './key-problem-context.js';
import { explainProblem } from './key-problem-messages.js';
import { addFormatFindings, recognize, type FormatMatch } from './key-recognition.js';
import { cleanCandidate, peel, stripInvisible } from './key-text-cleaning.js';
import { fingerprint, maskSecret } from './redact.js';

/**
 * Key inspection: what is wrong with the text someone put where an API key belongs, and what key it is.
 * Hygiene problems (whitespace, quotes, `Bearer `, placeholders, ...) are found on the raw text and
 * peeled off; the format is then recognized on what is left. The result never contains the key.
 */

export const KEY_PROBLEM_CODES = [
  'empty',
  'bom',
  'zero_width',
  'leading_whitespace',
  'trailing_whitespace',
  'trailing_newline',
  'carriage_return',
  'tab',
  'embedded_whitespace',
  'header_prefix',
  'assignment',
  'surrounding_quotes',
  'non_ascii',
  'unexpanded_variable',
  'stringified_empty',
  'url',
  'placeholder',
  'masked',
  'env_var_name',
  'invalid_characters',
  'wrong_length',
  'unknown_format',
  'wrong_provider',
  'cannot_call_models',
  'short_lived_token',
] as const;

export type KeyProblemCode = (typeof KEY_PROBLEM_CODES)[number];

export interface KeyProblem {
  code: KeyProblemCode;
  message: string;
  fix: string;
}

export interface InspectKeyOptions {
  /** The provider the key is about to be sent to (`openai`, `anthropic`, `gemini`, ...). */
  expectedProvider?: string;
}

export interface KeyInspection {
  /** Issuer id of the recognized format, or `unknown`. */
  provider: string;
  providerName: string;
  kind: KeyKind | 'unknown';
  label: string;
  formatId: string | null;
  /** null when the format is unknown. */
  canCallModels: boolean | null;
  /** How the recognized key travels, e.g. `x-api-key: <key>`. */
  sendAs: string | null;
  /** Masked form and fingerprint of the cleaned key (what remains once the problems are stripped). */
  masked: string;
  fingerprint: string;
  /** Length of the cleaned key, and of the text as given. */
  length: number;
  rawLength: number;
  problems: KeyProblem[];
  ok: boolean;
}

/** Problems that mean the text is not a key at all; the label then says so. */
const NOT_A_KEY: readonly KeyProblemCode[] = [
  'empty', 'unexpanded_variable', 'stringified_empty', 'url', 'placeholder', 'masked', 'env_var_name',
];

export function inspectKeyWith(
  formats: readonly KeyFormat[],
  text: string | null | undefined,
  options: InspectKeyOptions = {},
): KeyInspection {
  const raw = text ?? '';
  const found = new Findings();
  const expected = expectedProvider(formats, options);
  const peeled = peel(stripInvisible(raw, found), found);
  const { cleaned, match } = recognizeKey(peeled, formats, expected?.id, found);
  if (cleaned === '') found.add('empty');

  const format = match?.format;
  const context: ProblemContext = { formats, format, length: cleaned.length, expected };
  const problems = found.list().map((finding) => ({ code: finding.code, ...explainProblem(finding, context) }));
  const notAKey = NOT_A_KEY.some((code) => found.has(code));
  return {
    provider: format?.provider ?? 'unknown',
    providerName: format?.providerName ?? 'unknown',
    kind: format?.kind ?? 'unknown',
    label: format?.label ?? (notAKey ? 'not a key' : 'unrecognized key format'),
    formatId: format?.id ?? null,
    canCallModels: format?.canCallModels ?? null,
    sendAs: format?.sendAs ?? null,
    masked: maskSecret(cleaned),
    fingerprint: fingerprint(cleaned),
    length: cleaned.length,
    rawLength: raw.length,
    problems,
    ok: problems.length === 0,
  };
}

/** Decides whether the peeled text is meant as a key, cleans it, and recognizes its format. */
function recognizeKey(
  peeled: string,
  formats: readonly KeyFormat[],
  expectedId: string | undefined,
  found: Findings,
): { cleaned: string; match: FormatMatch | undefined } {
  const keyText = textToRecognize(peeled, found);
  if (keyText === undefined) return { cleaned: peeled, match: undefined };
  const candidate = cleanCandidate(keyText);
  const match = recognize(formats, candidate.text);
  // A well-formed key is never taken for a placeholder, however its random characters fall; nor is a key
  // taken out of a URL (keyText is then only part of the peeled text).
  if (match?.full !== true && keyText === peeled && detectPlaceholder(peeled, formats, found)) {
    return { cleaned: peeled, match: undefined };
  }
  found.addAll(candidate.found);
  addFormatFindings(match, candidate.text, formats, expectedId, found);
  return { cleaned: candidate.text, match };
}

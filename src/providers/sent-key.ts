import type { SentKeyJudge } from '../core/classify-engine.js';
import type { KeyProblemCode } from '../core/inspect-key.js';
import { inspectKey } from './key-formats.js';

/** Damage that makes a key unusable whoever issued it. */
const DAMAGE = new Set<KeyProblemCode>([
  'bom', 'zero_width', 'non_ascii', 'leading_whitespace', 'trailing_whitespace', 'trailing_newline', 'carriage_return', 'tab',
  'embedded_whitespace', 'header_prefix', 'assignment', 'surrounding_quotes', 'unexpanded_variable', 'url', 'placeholder',
  'masked', 'env_var_name', 'invalid_characters', 'wrong_length',
]);

/** Judges a rejected key by what was sent: another provider's key, or a damaged one. */
export const judgeSentKey: SentKeyJudge = (key, provider) => {
  // `proxy`, `network` and `unknown` issue no keys: inspection then expects no provider in particular.
  const inspection = inspectKey(key, { expectedProvider: provider });
  const shown = `the key sent (${inspection.masked}, fp ${inspection.fingerprint})`;
  const codes = inspection.problems.map((p) => p.code);
  if (codes.includes('stringified_empty') || codes.includes('empty')) return { category: 'key_missing', verdict: `${shown} is empty` };
  if (codes.includes('wrong_provider')) return { category: 'key_wrong_provider', verdict: `${shown} is ${inspection.label}, not a ${provider} key` };
  const damage = codes.find((code) => DAMAGE.has(code));
  if (damage) return { category: 'key_malformed', verdict: `${shown} has a problem: ${damage.replaceAll('_', ' ')}` };
  return null;
};

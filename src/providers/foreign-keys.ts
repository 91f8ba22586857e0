import { ALL_KEY_FORMATS } from './key-formats.js';

const DISTINCT_PREFIX_FORMATS = ALL_KEY_FORMATS.filter((f) => f.identifiedBy === 'prefix' && f.prefix.length > 0);

/**
 * Who issued a key, judged from the visible head of a masked echo ("sk-ant-a***", "sk-or-v1***"),
 * when that head belongs to exactly one other provider's prefix.
 */
export function foreignKeyOwner(echo: string, provider: string): string | null {
  const head = /^[^*…•]*/.exec(echo)?.[0] ?? '';
  if (head.length < 4) return null;
  const owners = new Set(
    DISTINCT_PREFIX_FORMATS.filter((f) => head.startsWith(f.prefix) || f.prefix.startsWith(head)).map((f) => f.providerName),
  );
  const own = ALL_KEY_FORMATS.find((f) => f.provider === provider)?.providerName;
  if (owners.size !== 1 || (own !== undefined && owners.has(own))) return null;
  return [...owners][0] ?? null;
}

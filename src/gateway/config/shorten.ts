import { redactSecrets } from '../../core/redact.js';

/**
 * A value echoed in a message (a provider, a duration, a name). It might be a key pasted in the wrong
 * place: key-shaped text is masked, and anything long is cut to a prefix that cannot reveal a key.
 */
export function shorten(text: string): string {
  const safe = redactSecrets(text);
  // Provider keys are 32 characters or more; setting and model names rarely pass 28.
  return safe.length <= 28 ? safe : `${safe.slice(0, 12)}…`;
}

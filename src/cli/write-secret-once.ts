import { once } from 'node:events';

/**
 * Writes text holding a whole client key to stdout, deliberately past `printOut`'s redaction: `keys create`
 * and `keys rotate` must show the key exactly once, at the moment it is made, and nowhere else. Nothing but
 * a freshly issued key (and its JSON envelope) may pass through here.
 */
export async function writeSecretOnce(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

import { isMap } from 'yaml';
import { fingerprint, maskSecret } from '../../core/redact.js';
import { keyWhitespaceProblem } from './key-whitespace.js';
import { readCount, readTextValue } from './read-values.js';
import { configError, fieldsOf, given, itemsOf, required, type Setting } from './setting.js';
import type { UpstreamKeyConfig } from './types.js';

const KEY_FIELDS = ['key', 'max_in_flight', 'rpm', 'tpm'] as const;

/** An upstream's `keys`: strings, or `{ key, max_in_flight, rpm, tpm }`. Also returns the variables the keys came from. */
export function readKeys(setting: Setting | undefined, upstream: Setting): { keys: UpstreamKeyConfig[]; variables: string[] } {
  const list = required(setting, upstream, `${upstream.path} has no keys: add keys: [\${YOUR_KEY_VARIABLE}] (one entry per key)`);
  const items = itemsOf(list, 'keys');
  if (items.length === 0) throw configError(list, `${upstream.path} has no keys: add at least one key under ${list.path}`);
  const keys: UpstreamKeyConfig[] = [];
  const variables: string[] = [];
  const seen = new Map<string, string>();
  for (const item of items) {
    const { key, from } = readKey(item, list.path);
    const earlier = seen.get(key.secret);
    if (earlier !== undefined) {
      item.source.warnings.push(`${item.source.file}:${item.line}: ${item.path} is the same key as ${earlier} (fp ${fingerprint(key.secret)}): used once`);
      continue;
    }
    seen.set(key.secret, item.path);
    keys.push(key);
    for (const name of from) if (!variables.includes(name)) variables.push(name);
  }
  return { keys, variables };
}

function readKey(item: Setting, listPath: string): { key: UpstreamKeyConfig; from: string[] } {
  const fields = isMap(item.node) ? fieldsOf(item, KEY_FIELDS) : null;
  const secretSetting = fields === null ? item : required(fields.key, item, `${item.path} has no key: add key: \${YOUR_KEY_VARIABLE}`);
  const { value: secret, variables } = readTextValue(secretSetting, listPath);
  const source = variables.length > 0 ? ` (from ${variables.join(', ')})` : '';
  if (secret === '') throw configError(secretSetting, `${item.path} is empty: write the key or a \${VARIABLE} that holds it, or remove the entry`);
  const whitespace = keyWhitespaceProblem(secret);
  if (whitespace !== null) {
    throw configError(
      secretSetting,
      `${item.path}${source} ${whitespace} (${maskSecret(secret.trim())}): a key never contains whitespace; copy it again, or remove the stray characters where it is set`,
    );
  }
  const budget = (field: Setting | undefined): number | null => {
    const present = given(field);
    return present === undefined ? null : readCount(present);
  };
  return {
    key: {
      secret,
      label: item.path,
      maxInFlight: budget(fields?.max_in_flight),
      requestsPerMinute: budget(fields?.rpm),
      tokensPerMinute: budget(fields?.tpm),
    },
    from: variables,
  };
}

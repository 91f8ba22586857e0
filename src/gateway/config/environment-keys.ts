import { maskSecret } from '../../core/redact.js';
import type { Environment } from './gateway-environment.js';
import { keyWhitespaceProblem } from './key-whitespace.js';
import { GatewayConfigError } from './types.js';

export interface EnvironmentKey {
  secret: string;
  /** `OPENAI_API_KEY`, `OPENAI_API_KEY_2`, `OPENAI_API_KEYS[1]`. */
  label: string;
  variable: string;
}

/**
 * The keys a provider has in the environment. For each of its variables `VAR`, in this order: `VAR`,
 * the numbered `VAR_1`, `VAR_2`… (by number, any number), and `VARS` as a comma-separated list.
 * Values are trimmed as the SDKs read them (a variable with a stray line end gets a warning: other tools
 * may not trim it); a value seen
 * twice is kept once.
 */
export function environmentKeys(keyVars: readonly string[], env: Environment, warnings: string[]): EnvironmentKey[] {
  const keys: EnvironmentKey[] = [];
  const add = (raw: string, label: string, variable: string): void => {
    const secret = raw.trim();
    if (secret === '') return;
    const inner = keyWhitespaceProblem(secret);
    if (inner !== null) {
      const listHint = label.endsWith(']') ? ': separate the keys of a list with commas only' : '';
      throw new GatewayConfigError(`${label} ${inner} (${maskSecret(secret)}): a key never contains whitespace${listHint}; fix the value where ${variable} is set`);
    }
    // Spaces after the commas of a list are layout, not a pasted line end.
    const outer = label === variable ? keyWhitespaceProblem(raw) : null;
    if (outer !== null) warnings.push(`${label} ${outer} (${maskSecret(secret)}): trimmed, as the provider SDKs do; other tools may not trim it, so remove it where ${variable} is set`);
    if (!keys.some((key) => key.secret === secret)) keys.push({ secret, label, variable });
  };
  for (const name of keyVars) {
    const single = env[name];
    if (single !== undefined) add(single, name, name);
    for (const numbered of numberedVariables(name, env)) add(env[numbered] ?? '', numbered, numbered);
    const list = env[`${name}S`];
    if (list !== undefined) list.split(',').forEach((item, index) => add(item, `${name}S[${index}]`, `${name}S`));
  }
  return keys;
}

/** `VAR_1`, `VAR_2`, `VAR_10`… present in `env`, in numeric order. */
function numberedVariables(name: string, env: Environment): string[] {
  const pattern = new RegExp(`^${name}_(\\d+)$`);
  return Object.keys(env)
    .map((variable) => ({ variable, number: pattern.exec(variable)?.[1] }))
    .filter((entry): entry is { variable: string; number: string } => entry.number !== undefined && env[entry.variable] !== undefined)
    .sort((a, b) => Number(a.number) - Number(b.number) || a.number.length - b.number.length)
    .map((entry) => entry.variable);
}

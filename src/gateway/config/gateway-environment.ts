import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenv, toMap } from '../../core/dotenv.js';
import { GatewayConfigError } from './types.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The variables the gateway sees: `env` plus the `.env` file in `cwd`. As with dotenv, a variable
 * already in `env` wins, even when empty. A missing `.env` is the common case, not an error.
 */
export function gatewayEnvironment(env: Environment, cwd: string): Environment {
  const file = join(cwd, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ...env };
    throw new GatewayConfigError(`cannot read ${file} (${code ?? String(error)}): fix its permissions or remove it`);
  }
  const merged: Record<string, string | undefined> = { ...env };
  for (const [name, entry] of toMap(parseDotenv(text))) {
    if (merged[name] === undefined) merged[name] = entry.value;
  }
  return merged;
}

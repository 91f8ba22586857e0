import { resolve } from 'node:path';
import { configFromEnvironment } from './config-from-environment.js';
import { configFromFile } from './config-from-file.js';
import { gatewayEnvironment } from './gateway-environment.js';
import { openConfigFile } from './open-config-file.js';
import { resolveListen } from './read-listen.js';
import type { GatewayConfig } from './types.js';

export interface LoadGatewayConfigOptions {
  /** The YAML config (relative to `cwd`); null or absent: zero config from the environment. */
  file?: string | null;
  /** Default: `process.env`. The `.env` file in `cwd` is added to it (variables already set win). */
  env?: Record<string, string | undefined>;
  /** Default: `process.cwd()`. */
  cwd?: string;
  /** The command line's `--host`/`--port`: override the file's `listen`. */
  listen?: { host?: string; port?: number };
}

export interface LoadedGatewayConfig {
  config: GatewayConfig;
  /** Things that work but deserve a look (a base URL ignored because it would loop, a key with a stray line end…). */
  warnings: string[];
}

/**
 * The gateway's settings from a YAML file or, without one, from the provider key variables in the
 * environment. Throws `GatewayConfigError` (with file and line when there is a file) saying what to fix.
 */
export function loadGatewayConfig(options: LoadGatewayConfigOptions = {}): LoadedGatewayConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = gatewayEnvironment(options.env ?? process.env, cwd);
  if (options.file === undefined || options.file === null) return configFromEnvironment(env, resolveListen({}, options.listen));
  return configFromFile(openConfigFile(resolve(cwd, options.file), env), options.listen);
}

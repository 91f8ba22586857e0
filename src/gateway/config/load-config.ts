import { resolve } from 'node:path';
import { configFromEnvironment } from './config-from-environment.js';
import { configFromFile } from './config-from-file.js';
import { gatewayEnvironment } from './gateway-environment.js';
import { operationsFromEnvironment } from './operations-from-environment.js';
import { openConfigFile } from './open-config-file.js';
import { resolveListen } from './read-listen.js';
import { GatewayConfigError, type GatewayConfig, type GatewayOperations, type LogLevel } from './types.js';

export interface LoadGatewayConfigOptions {
  /** The YAML config (relative to `cwd`); null or absent: zero config from the environment. */
  file?: string | null;
  /** Default: `process.env`. The `.env` file in `cwd` is added to it (variables already set win). */
  env?: Record<string, string | undefined>;
  /** Default: `process.cwd()`. */
  cwd?: string;
  /** The command line's `--host`/`--port`: override the file's `listen`. */
  listen?: { host?: string; port?: number };
  /** The command line's `--data-dir` (relative to `cwd`): overrides the file's `data_dir` and LLMDOCTOR_DATA_DIR. */
  dataDir?: string;
  /** The command line's `--log-level`: overrides the file's `log_level` and LLMDOCTOR_LOG_LEVEL. */
  logLevel?: LogLevel;
  /** The command line's `--allow-open`: true turns the safety check off whatever the file says; false or absent leaves the file's choice. */
  allowOpen?: boolean;
}

export interface LoadedGatewayConfig {
  config: GatewayConfig;
  /** Things that work but deserve a look (a base URL ignored because it would loop, a key with a stray line end…). */
  warnings: string[];
}

/**
 * The gateway's settings from a YAML file or, without one, from the provider key variables in the
 * environment. Throws `GatewayConfigError` (with file and line when there is a file) saying what to fix.
 * Each operations setting comes from the command line, else the file, else the environment, else the defaults.
 */
export function loadGatewayConfig(options: LoadGatewayConfigOptions = {}): LoadedGatewayConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = gatewayEnvironment(options.env ?? process.env, cwd);
  const operations = operationsFromEnvironment(env, cwd);
  const loaded =
    options.file === undefined || options.file === null
      ? configFromEnvironment(env, resolveListen({}, options.listen), operations)
      : configFromFile(openConfigFile(resolve(cwd, options.file), env), options.listen, operations, cwd);
  loaded.config.operations = withCommandLine(loaded.config.operations, options, cwd);
  return loaded;
}

function withCommandLine(operations: GatewayOperations, options: LoadGatewayConfigOptions, cwd: string): GatewayOperations {
  if (options.dataDir !== undefined && options.dataDir.trim() === '') {
    throw new GatewayConfigError('--data-dir is empty: name the folder for the gateway\'s store, or leave the option out to use the default');
  }
  return {
    ...operations,
    ...(options.dataDir === undefined ? {} : { dataDir: resolve(cwd, options.dataDir.trim()) }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    ...(options.allowOpen === true ? { allowOpen: true } : {}),
  };
}

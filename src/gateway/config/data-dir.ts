import { resolve } from 'node:path';
import { DEFAULTS } from '../../core/defaults.js';
import { gatewayEnvironment } from './gateway-environment.js';
import { OPERATIONS_VARIABLES } from './operations-from-environment.js';

export interface DataDirChoice {
  /** Absolute path. */
  dataDir: string;
  /** Why this folder, for messages: `--data-dir`, `LLMDOCTOR_DATA_DIR`, or the default. */
  from: string;
}

/**
 * The data folder of commands that work on the store without a gateway (`llmdoctor keys`, `usage`):
 * `--data-dir`, else LLMDOCTOR_DATA_DIR (environment or `.env` in `cwd`, as the gateway reads it),
 * else the default, each resolved against `cwd` as the gateway resolves its own.
 */
export function chooseDataDir(options: { dataDir?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): DataDirChoice {
  const cwd = options.cwd ?? process.cwd();
  const option = options.dataDir?.trim();
  if (option) return { dataDir: resolve(cwd, option), from: '--data-dir' };
  const variable = OPERATIONS_VARIABLES.dataDir;
  const fromEnv = gatewayEnvironment(options.env ?? process.env, cwd)[variable]?.trim();
  if (fromEnv) return { dataDir: resolve(cwd, fromEnv), from: variable };
  return { dataDir: resolve(cwd, DEFAULTS.gateway.dataDir), from: `the default, ${DEFAULTS.gateway.dataDir} in the current folder` };
}

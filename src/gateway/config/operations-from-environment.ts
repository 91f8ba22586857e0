import { resolve } from 'node:path';
import { DEFAULTS } from '../../core/defaults.js';
import { adminTokenProblem } from './admin-token.js';
import type { Environment } from './gateway-environment.js';
import { LOG_LEVELS, parseLogLevel } from './log-levels.js';
import { shorten } from './shorten.js';
import { GatewayConfigError, type GatewayOperations } from './types.js';

export const OPERATIONS_VARIABLES = {
  dataDir: 'LLMDOCTOR_DATA_DIR',
  adminToken: 'LLMDOCTOR_ADMIN_TOKEN',
  logLevel: 'LLMDOCTOR_LOG_LEVEL',
} as const;

/** `DEFAULTS.gateway` in the contract's shape, the data folder made absolute against `cwd`. */
export function defaultOperations(cwd: string): GatewayOperations {
  const d = DEFAULTS.gateway;
  return {
    dataDir: resolve(cwd, d.dataDir),
    adminToken: null,
    allowOpen: false,
    logLevel: parseLogLevel(d.logLevel) ?? 'info',
    usage: { ...d.usage },
  };
}

/**
 * The defaults with what `LLMDOCTOR_DATA_DIR`, `LLMDOCTOR_ADMIN_TOKEN` and `LLMDOCTOR_LOG_LEVEL` say.
 * A variable set to nothing counts as unset (compose files often write `NAME=` for "not used").
 */
export function operationsFromEnvironment(env: Environment, cwd: string): GatewayOperations {
  const operations = defaultOperations(cwd);
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text ? text : undefined;
  };
  const dataDir = value(OPERATIONS_VARIABLES.dataDir);
  if (dataDir !== undefined) operations.dataDir = resolve(cwd, dataDir);
  const adminToken = value(OPERATIONS_VARIABLES.adminToken);
  if (adminToken !== undefined) {
    const problem = adminTokenProblem(adminToken, OPERATIONS_VARIABLES.adminToken);
    if (problem !== null) throw new GatewayConfigError(problem);
    operations.adminToken = adminToken;
  }
  const logLevel = value(OPERATIONS_VARIABLES.logLevel);
  if (logLevel !== undefined) {
    const level = parseLogLevel(logLevel);
    if (level === null) throw new GatewayConfigError(`${OPERATIONS_VARIABLES.logLevel} must be one of ${LOG_LEVELS.join(', ')}, not "${shorten(logLevel)}"`);
    operations.logLevel = level;
  }
  return operations;
}

import { resolve } from 'node:path';
import { adminTokenProblem } from './admin-token.js';
import { LOG_LEVELS, parseLogLevel } from './log-levels.js';
import { readBoolean, readCount, readDuration, readText, readTextValue } from './read-values.js';
import { shorten } from './shorten.js';
import { configError, optional, section, type Setting } from './setting.js';
import type { GatewayOperations, LogLevel } from './types.js';

/** The top-level settings that run the gateway for many clients (next to listen, upstreams…). */
export const OPERATIONS_FIELDS = ['data_dir', 'admin_token', 'allow_open', 'log_level', 'usage'] as const;
export type OperationsField = (typeof OPERATIONS_FIELDS)[number];

const USAGE_FIELDS = ['record', 'batch_size', 'flush_ms'] as const;

/**
 * The operations settings of a config file over `base` (the environment over the defaults): each
 * absent one keeps its value in `base`. A relative `data_dir` is resolved against `cwd`, as the
 * `llmdoctor keys` and `llmdoctor usage` commands resolve theirs.
 */
export function readOperations(fields: Partial<Record<OperationsField, Setting>>, base: GatewayOperations, cwd: string): GatewayOperations {
  const usage = section(fields.usage, USAGE_FIELDS);
  return {
    dataDir: optional(fields.data_dir, (setting) => readDataDir(setting, cwd), base.dataDir),
    adminToken: optional(fields.admin_token, readAdminToken, base.adminToken),
    allowOpen: optional(fields.allow_open, readBoolean, base.allowOpen),
    logLevel: optional(fields.log_level, readLogLevel, base.logLevel),
    usage: {
      record: optional(usage.record, readBoolean, base.usage.record),
      batchSize: optional(usage.batch_size, readCount, base.usage.batchSize),
      flushMs: optional(usage.flush_ms, readDuration, base.usage.flushMs),
    },
  };
}

function readDataDir(setting: Setting, cwd: string): string {
  const text = readText(setting).trim();
  if (text === '') throw configError(setting, `${setting.path} is empty: name the folder for the gateway's store, or remove the line to use the default`);
  return resolve(cwd, text);
}

function readAdminToken(setting: Setting): string {
  const { value, variables } = readTextValue(setting);
  const token = value.trim();
  const where = variables.length > 0 ? `${setting.path} (from ${variables.join(', ')})` : setting.path;
  const problem = adminTokenProblem(token, where);
  if (problem !== null) throw configError(setting, problem);
  if (variables.length === 0) {
    setting.source.warnings.push(
      `${setting.source.file}:${setting.line}: ${setting.path} is written in the file itself: keep it out of files you share, ` +
        'e.g. admin_token: ${LLMDOCTOR_ADMIN_TOKEN} with the token in the environment or .env',
    );
  }
  return token;
}

function readLogLevel(setting: Setting): LogLevel {
  const text = readText(setting);
  const level = parseLogLevel(text);
  if (level === null) throw configError(setting, `${setting.path} must be one of ${LOG_LEVELS.join(', ')}, not "${shorten(text.trim())}"`);
  return level;
}

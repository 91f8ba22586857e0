import { defaultLimits, defaultPolicies } from './default-settings.js';
import { readLimits } from './read-limits.js';
import { readListen, resolveListen, type ListenAddress } from './read-listen.js';
import { OPERATIONS_FIELDS, readOperations } from './read-operations.js';
import { readPolicies } from './read-policies.js';
import { readRoutes } from './read-routes.js';
import { readUpstreams } from './read-upstreams.js';
import { configError, fieldsOf, given, required, rootSetting, type ConfigSource } from './setting.js';
import type { GatewayConfig, GatewayOperations } from './types.js';

const TOP_LEVEL_FIELDS = ['listen', 'upstreams', 'routes', 'policies', 'limits', ...OPERATIONS_FIELDS] as const;

/**
 * The config a parsed file describes; the command line's listen address wins over the file's. The
 * file's operations settings override `operations` (the environment over the defaults); a relative
 * `data_dir` is resolved against `cwd`.
 */
export function configFromFile(
  source: ConfigSource,
  listenOption: Partial<ListenAddress> | undefined,
  operations: GatewayOperations,
  cwd: string,
): { config: GatewayConfig; warnings: string[] } {
  const root = rootSetting(source);
  const upstreamsHint = 'add upstreams: with at least one upstream (name, provider, keys)';
  if (given(root) === undefined) throw configError(root, `the config file is empty: ${upstreamsHint}`);
  const fields = fieldsOf(root, TOP_LEVEL_FIELDS);
  const listen = resolveListen(readListen(fields.listen), listenOption);
  const { upstreams, keyVariables } = readUpstreams(required(fields.upstreams, root, `upstreams is missing: ${upstreamsHint}`), listen);
  const policies = readPolicies(fields.policies, defaultPolicies());
  const limits = readLimits(fields.limits, defaultLimits());
  const routes = readRoutes(
    fields.routes,
    upstreams.map((upstream) => upstream.name),
    policies,
  );
  return {
    config: {
      listen,
      upstreams,
      routes,
      policies,
      limits,
      operations: readOperations(fields, operations, cwd),
      source: { file: source.file, keyVariables },
    },
    warnings: source.warnings,
  };
}

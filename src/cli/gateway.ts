import { DEFAULTS } from '../core/defaults.js';
import { describeSecret } from '../core/redact.js';
import { LOG_LEVELS, parseLogLevel } from '../gateway/config/log-levels.js';
import type { GatewayConfig, LogLevel } from '../gateway/config/types.js';
import type { RunningGateway } from '../gateway/start-gateway.js';
import { integerOption as number, stringOption as text, UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { commandOptions } from './command-options.js';
import { limitHeapGrowth } from './heap-growth.js';
import { printErr, printOut } from './output.js';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'config', takesValue: true, valueName: 'file' },
  { name: 'port', takesValue: true, valueName: 'n' },
  { name: 'host', takesValue: true, valueName: 'address' },
  { name: 'data-dir', takesValue: true, valueName: 'dir' },
  { name: 'log-level', takesValue: true, valueName: 'level' },
  { name: 'allow-open', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
];

const d = DEFAULTS.gateway;

export const GATEWAY_HELP = `llmdoctor gateway: one URL for the OpenAI, Anthropic and Gemini APIs that retries, rotates keys and fails over

Usage
  llmdoctor gateway [--config gateway.yaml] [options]

Without --config it serves at once with the keys in the environment and .env:
  OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY / GOOGLE_API_KEY; several keys as
  OPENAI_API_KEY_1, OPENAI_API_KEY_2, ... or OPENAI_API_KEYS=key1,key2. Base URLs from
  OPENAI_BASE_URL, ANTHROPIC_BASE_URL, GOOGLE_GEMINI_BASE_URL when set.

Point an official SDK at it by changing only the base URL:
  OpenAI     http://HOST:PORT/v1
  Anthropic  http://HOST:PORT
  Gemini     http://HOST:PORT          (httpOptions.baseUrl)

Options
  --config <file>     YAML config: upstreams, routes with fallbacks, policies, limits (see README)
  --port <n>          listen port (default ${d.port}; overrides the config)
  --host <address>    listen address (default ${d.host}; overrides the config)
  --data-dir <dir>    the store of client keys and usage (default ${d.dataDir} in the current folder;
                      overrides data_dir in the config and LLMDOCTOR_DATA_DIR). llmdoctor keys and
                      llmdoctor usage must be given the same folder.
  --log-level <level> ${LOG_LEVELS.join(', ')} (default ${d.logLevel}; overrides log_level and LLMDOCTOR_LOG_LEVEL)
  --allow-open        serve beyond loopback (e.g. --host 0.0.0.0) without client keys; without it the
                      gateway refuses, since anyone reaching the port would spend your provider keys
  -h, --help          show this help

Client keys: once one exists (llmdoctor keys create), every request must carry one. The admin API
(/admin) is on when LLMDOCTOR_ADMIN_TOKEN or admin_token is set to a long random token.

Exit codes: 0 stopped by a signal, 2 usage or config error.
`;

/** `--log-level`, checked here so a typo is a usage error that lists the levels. */
function logLevelOption(args: ParsedArgs): LogLevel | undefined {
  const written = text(args, 'log-level');
  if (written === undefined) return undefined;
  const level = parseLogLevel(written);
  if (level === null) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')} (got "${written}")`);
  return level;
}

/** Where the store is, whether callers need a client key, whether /admin answers (never the token). */
function operationsBanner(config: GatewayConfig, gateway: RunningGateway): string {
  const lines = [`Data folder     ${config.operations.dataDir}  (llmdoctor keys / usage --data-dir must name it)`];
  lines.push(
    gateway.clientKeysRequired()
      ? 'Client keys     required on every request'
      : 'Client keys     none yet, so requests need none (llmdoctor keys create adds one, and from then on every request must carry a key)',
  );
  lines.push(config.operations.adminToken === null ? 'Admin API       off (set LLMDOCTOR_ADMIN_TOKEN to turn it on)' : 'Admin API       on at /admin (admin token set)');
  return `${lines.join('\n')}\n`;
}

/** `llmdoctor gateway`: serves until interrupted. */
export async function run(argv: readonly string[]): Promise<number> {
  const args = await commandOptions(argv, OPTIONS, 'gateway', GATEWAY_HELP);
  if (args === null) return 0;
  limitHeapGrowth();
  const { loadGatewayConfig } = await import('../gateway/config/load-config.js');
  const { GatewayConfigError } = await import('../gateway/config/types.js');
  const { startGateway } = await import('../gateway/start-gateway.js');
  let loaded;
  try {
    loaded = loadGatewayConfig({
      file: text(args, 'config') ?? null,
      listen: { host: text(args, 'host'), port: number(args, 'port') },
      dataDir: text(args, 'data-dir'),
      logLevel: logLevelOption(args),
      allowOpen: args.options.has('allow-open'),
    });
  } catch (error) {
    if (error instanceof GatewayConfigError) throw new UsageError(error.message);
    throw error;
  }
  const { config, warnings } = loaded;
  for (const warning of warnings) printErr(`warning: ${warning}\n`);
  const { StoreOpenError } = await import('../gateway/store/store-open-error.js');
  let gateway;
  try {
    // Its own failures go to the request log (redacted), like everything it reports
    gateway = await startGateway({ config });
  } catch (error) {
    // Refused as configured (serving beyond loopback without client keys) or a store it cannot use: both say what to fix.
    if (error instanceof GatewayConfigError || error instanceof StoreOpenError) throw new UsageError(error.message);
    const message = error instanceof Error ? error.message : String(error);
    if (/EADDRINUSE/.test(message)) throw new UsageError(`port ${config.listen.port} is in use: choose another with --port (0 picks a free one)`);
    throw error;
  }
  const { exposureWarnings } = await import('../gateway/exposure.js');
  for (const warning of exposureWarnings({ ...config, listen: { ...config.listen, port: gateway.port } })) printErr(`warning: ${warning}\n`);
  const upstreams = config.upstreams.map((u) => `  ${u.name.padEnd(16)} ${u.provider.padEnd(17)} ${u.baseUrl}  ${u.keys.length} key${u.keys.length === 1 ? '' : 's'}: ${u.keys.map((k) => describeSecret(k.secret)).join(', ')}`);
  const routes = config.routes.map((r) => `  ${r.model.padEnd(16)} -> ${r.targets.map((t) => `${t.upstream}/${t.model}`).join(', then ')}`);
  await printOut(
    `llmdoctor gateway listening on ${gateway.url}${config.source.file ? ` (config ${config.source.file})` : ' (keys from the environment)'}\n` +
      `  OpenAI SDK     baseURL ${gateway.url}/v1\n  Anthropic SDK  baseURL ${gateway.url}\n  Gemini SDK     httpOptions.baseUrl ${gateway.url}\n` +
      `Upstreams\n${upstreams.join('\n')}\n` +
      (routes.length > 0 ? `Routes\n${routes.join('\n')}\n` : 'Routes: none; every model passes through to the upstreams of its API format.\n') +
      operationsBanner(config, gateway) +
      'Ctrl-C to stop.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await gateway.close();
  return 0;
}

import { DEFAULTS } from '../core/defaults.js';
import { SCENARIOS } from '../core/scenarios.js';
import { integerOption as number, stringOption as text, UsageError, type OptionSpec } from './args.js';
import { commandOptions } from './command-options.js';
import { printOut } from './output.js';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'port', takesValue: true, valueName: 'n' },
  { name: 'host', takesValue: true, valueName: 'address' },
  { name: 'seed', takesValue: true, valueName: 'n' },
  { name: 'region', takesValue: true, valueName: 'CC' },
  { name: 'scenario', takesValue: true, valueName: 'name' },
  { name: 'fault', takesValue: true, valueName: 'name=rate,...' },
  { name: 'keys', takesValue: true, valueName: 'key,...' },
  { name: 'rpm', takesValue: true, valueName: 'n' },
  { name: 'tpm', takesValue: true, valueName: 'n' },
  { name: 'first-token-ms', takesValue: true, valueName: 'ms' },
  { name: 'tokens-per-second', takesValue: true, valueName: 'n' },
  { name: 'help', takesValue: false, short: 'h' },
];

const d = DEFAULTS.mock;

export const MOCK_HELP = `llmdoctor mock: a faithful OpenAI / Anthropic / Gemini simulator with fault injection

Usage
  llmdoctor mock [options]

Point an official SDK at it by changing only the base URL:
  OpenAI     http://HOST:PORT/openai/v1
  Anthropic  http://HOST:PORT/anthropic
  Gemini     http://HOST:PORT/gemini        (/v1beta and /v1)

Keys: only keys the mock issued (or --keys) are valid. Get one:
  curl -s -X POST http://HOST:PORT/__mock/keys -d '{"provider":"openai"}'
  curl -s -X POST http://HOST:PORT/__mock/keys -d '{"provider":"anthropic","scenario":"rate_limited"}'
  curl -s -X POST http://HOST:PORT/__mock/keys -d '{"provider":"openai","project":"team-b"}'
Keys of one project share its stored OpenAI responses (previous_response_id, GET /v1/responses/{id})
and conversations (/v1/conversations, conversation on /v1/responses);
keys that name no project are all in the default one.
Choose a scenario per request with the header  x-mock-scenario: <name>[:variant]
Requests seen: GET /__mock/attempts; forget keys, buckets, attempts, stored responses and conversations: POST /__mock/reset

Options
  --port <n>                listen port (default ${d.port}; 0 picks a free one)
  --host <address>          listen address (default ${d.host})
  --seed <n>                seed for generated text, ids, keys and random faults (default ${d.seed})
  --region <CC>             the caller's country as the providers see it (default ${d.region})
  --scenario <name>         scenario for requests that name none (default ok)
  --fault <name=rate,...>   random faults, e.g. rate_limited=0.2,overloaded=0.05,reset=0.01
  --keys <key,...>          extra keys to accept, for any provider
  --rpm <n>, --tpm <n>      per-key requests and tokens per minute (default ${d.requestsPerMinute} / ${d.tokensPerMinute})
  --first-token-ms <ms>     time to first token (default ${d.firstTokenMs})
  --tokens-per-second <n>   generation speed; 0 answers at once (default ${d.tokensPerSecond})
  -h, --help                show this help

Scenarios
  ${Object.keys(SCENARIOS).join(', ')}
`;

/** `llmdoctor mock`: serves until interrupted. */
export async function run(argv: readonly string[]): Promise<number> {
  const args = await commandOptions(argv, OPTIONS, 'mock', MOCK_HELP);
  if (args === null) return 0;
  const { startMock } = await import('../mock/start-mock.js');
  let mock;
  try {
    mock = await startMock({
      port: number(args, 'port') ?? d.port,
      host: text(args, 'host'),
      seed: number(args, 'seed'),
      region: text(args, 'region'),
      scenario: text(args, 'scenario'),
      faults: text(args, 'fault'),
      keys: text(args, 'keys')?.split(',').map((k) => k.trim()).filter(Boolean),
      requestsPerMinute: number(args, 'rpm'),
      tokensPerMinute: number(args, 'tpm'),
      firstTokenMs: number(args, 'first-token-ms'),
      tokensPerSecond: number(args, 'tokens-per-second'),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/EADDRINUSE/.test(message)) throw new UsageError(`port ${number(args, 'port') ?? d.port} is in use: choose another with --port, or --port 0 for a free one`);
    throw new UsageError(message);
  }
  await printOut(
    `llmdoctor mock listening on ${mock.url}\n` +
      `  OpenAI     ${mock.baseUrls.openai}\n  Anthropic  ${mock.baseUrls.anthropic}\n  Gemini     ${mock.baseUrls.gemini}\n` +
      `Get a key: curl -s -X POST ${mock.url}/__mock/keys -d '{"provider":"openai"}'\nCtrl-C to stop.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await mock.close();
  return 0;
}

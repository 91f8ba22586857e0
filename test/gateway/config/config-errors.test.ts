import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { maskSecret } from '../../../src/core/redact.js';
import { loadGatewayConfig } from '../../../src/gateway/config/load-config.js';
import { loadError, loadYaml, sampleKey, tempDirs } from './config-fixtures.js';

const dirs = tempDirs();
after(() => dirs.cleanup());

const KEY = sampleKey(7);
const OTHER_KEY = sampleKey(8, 'sk-ant-api03-');
const ENV = { KEY_A: KEY, KEY_B: OTHER_KEY };

/** A valid upstream block (lines 1-4) the cases build on. */
const UPSTREAM = `upstreams:
  - name: openai-main
    provider: openai
    keys: [\${KEY_A}]
`;

interface Case {
  name: string;
  yaml: string;
  env?: Record<string, string>;
  line: number;
  /** The whole message after `file:line: `. */
  message: string;
}

const CASES: Case[] = [
  {
    name: 'a mistyped setting, with the closest name',
    yaml: `${UPSTREAM}policies:\n  timeouts:\n    connect_ms: 2s\n    first_tokn_ms: 30s\n`,
    line: 8,
    message: 'policies.timeouts.first_tokn_ms is not a setting; did you mean first_token_ms?',
  },
  {
    name: 'a setting typed in another case style still finds its name',
    yaml: `${UPSTREAM}limits:\n  maxBodyBytes: 1mb\n`,
    line: 6,
    message: 'limits.maxBodyBytes is not a setting; did you mean max_body_bytes?',
  },
  {
    name: 'an unknown setting with nothing close lists the valid ones',
    yaml: `${UPSTREAM}telemetry: true\n`,
    line: 5,
    message: 'telemetry is not a setting; the settings at the top level are listen, upstreams, routes, policies, limits, data_dir, admin_token, allow_open, log_level, usage',
  },
  {
    name: 'an unknown upstream field',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    api_key: \${KEY_A}\n`,
    line: 4,
    message: 'upstreams[0].api_key is not a setting; the settings in upstreams[0] are name, provider, base_url, keys, proxy, region_proxy, headers',
  },
  {
    name: 'upstreams as a mapping instead of a list',
    yaml: `upstreams:\n  openai-main: { provider: openai }\n`,
    line: 2,
    message: 'upstreams must be a list of upstreams (lines starting with "- "), not a mapping',
  },
  {
    name: 'a policy block that is not a mapping',
    yaml: `${UPSTREAM}policies:\n  timeouts: 30s\n`,
    line: 6,
    message: 'policies.timeouts must be a mapping (name: value lines), not text',
  },
  {
    name: 'a boolean that is not one',
    yaml: `${UPSTREAM}policies:\n  resume_streams: sometimes\n`,
    line: 6,
    message: 'policies.resume_streams must be true or false, not "sometimes"',
  },
  {
    name: 'zero attempts',
    yaml: `${UPSTREAM}policies:\n  attempts_per_target: 0\n`,
    line: 6,
    message: 'policies.attempts_per_target must be a whole number greater than 0, not 0',
  },
  {
    name: 'a fractional count',
    yaml: `${UPSTREAM}policies:\n  max_attempts: 2.5\n`,
    line: 6,
    message: 'policies.max_attempts must be a whole number greater than 0, not 2.5',
  },
  {
    name: 'a count written as a word',
    yaml: `${UPSTREAM}limits:\n  queue: { max_size: lots }\n`,
    line: 6,
    message: 'limits.queue.max_size must be a whole number greater than 0, not text',
  },
  {
    name: 'a negative key budget',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    keys:\n      - { key: \${KEY_A}, rpm: -5 }\n`,
    line: 5,
    message: 'upstreams[0].keys[0].rpm must be a whole number greater than 0, not -5',
  },
  {
    name: 'a duration that is not one',
    yaml: `${UPSTREAM}policies:\n  timeouts: { total_ms: 3 parsecs }\n`,
    line: 6,
    message: 'policies.timeouts.total_ms: "3 parsecs" is not understood: write a number of milliseconds or a duration such as 250ms, 15s, 2m, 1h',
  },
  {
    name: 'a zero duration',
    yaml: `${UPSTREAM}policies:\n  breaker: { open_ms: 0s }\n`,
    line: 6,
    message: 'policies.breaker.open_ms must be greater than 0, not "0s": write a number of milliseconds or a duration such as 250ms, 15s, 2m, 1h',
  },
  {
    name: 'a size that is not one',
    yaml: `${UPSTREAM}limits:\n  max_body_bytes: 32 megs\n`,
    line: 6,
    message: 'limits.max_body_bytes: "32 megs" is not understood: write a number of bytes or a size such as 512kb, 32mb, 1gb',
  },
  {
    name: 'a listen address that is not one',
    yaml: `listen: localhost:99999\n${UPSTREAM}`,
    line: 1,
    message: 'listen: "localhost:99999" is not an address: write host:port (127.0.0.1:4000), a port number, or { host, port }',
  },
  {
    name: 'a mistyped provider',
    yaml: `upstreams:\n  - name: a\n    provider: opneai\n    keys: [\${KEY_A}]\n`,
    line: 3,
    message: 'upstreams[0].provider: "opneai" is not a provider; did you mean openai? use one of openai, anthropic, gemini, azure-openai, openai-compatible',
  },
  {
    name: 'an unknown provider',
    yaml: `upstreams:\n  - name: a\n    provider: bedrock\n    keys: [\${KEY_A}]\n`,
    line: 3,
    message: 'upstreams[0].provider: "bedrock" is not a provider; use one of openai, anthropic, gemini, azure-openai, openai-compatible',
  },
  {
    name: 'a base URL that is not a URL',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    base_url: api.openai.com/v1\n    keys: [\${KEY_A}]\n`,
    line: 4,
    message: 'upstreams[0].base_url is not a URL: write it as https://host[:port][/path]',
  },
  {
    name: 'a base URL that is not http(s)',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    base_url: ftp://files.example.com/v1\n    keys: [\${KEY_A}]\n`,
    line: 4,
    message: 'upstreams[0].base_url must be an http:// or https:// URL',
  },
  {
    name: 'a base URL with credentials',
    yaml: `upstreams:\n  - name: a\n    provider: openai-compatible\n    base_url: https://admin:hunter2secret@llm.internal/v1\n    keys: [\${KEY_A}]\n`,
    line: 4,
    message: "upstreams[0].base_url carries credentials (user:password@): remove them from the URL; the gateway authenticates with the upstream's keys",
  },
  {
    name: 'a base URL that leads back to the gateway',
    yaml: `listen: 127.0.0.1:4000\nupstreams:\n  - name: a\n    provider: openai\n    base_url: http://localhost:4000/v1\n    keys: [\${KEY_A}]\n`,
    line: 5,
    message:
      "upstreams[0].base_url (http://localhost:4000/v1) is this gateway's own address 127.0.0.1:4000: requests would loop back to it; point it at the provider (or remove it to use https://api.openai.com/v1)",
  },
  {
    name: 'azure-openai without a base URL',
    yaml: `upstreams:\n  - name: azure\n    provider: azure-openai\n    keys: [\${KEY_A}]\n`,
    line: 2,
    message: 'upstreams[0]: provider azure-openai needs a base_url: add base_url: https://<your endpoint>',
  },
  {
    name: 'a SOCKS proxy',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    keys: [\${KEY_A}]\n    proxy: socks5://127.0.0.1:1080\n`,
    line: 5,
    message: 'upstreams[0].proxy must be an http:// or https:// proxy URL (SOCKS proxies are not supported)',
  },
  {
    name: 'a region proxy that is not a URL',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    keys: [\${KEY_A}]\n    region_proxy: eu-exit:3128\n`,
    line: 5,
    message: 'upstreams[0].region_proxy is not a URL: write it as http://host:port (with user:password@ before the host if the proxy asks for a login)',
  },
  {
    name: 'two upstreams with one name',
    yaml: `upstreams:\n  - { name: main, provider: openai, keys: [\${KEY_A}] }\n  - { name: main, provider: anthropic, keys: [\${KEY_B}] }\n`,
    line: 3,
    message: 'upstreams[1]: the upstream name "main" is already used (line 2): give each upstream its own name',
  },
  {
    name: 'an upstream without a name',
    yaml: `upstreams:\n  - provider: openai\n    keys: [\${KEY_A}]\n`,
    line: 2,
    message: 'upstreams[0] has no name: add name: <a name routes can refer to>',
  },
  {
    name: 'an upstream without keys',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n`,
    line: 2,
    message: 'upstreams[0] has no keys: add keys: [${YOUR_KEY_VARIABLE}] (one entry per key)',
  },
  {
    name: 'an upstream with an empty key list',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    keys: []\n`,
    line: 4,
    message: 'upstreams[0] has no keys: add at least one key under upstreams[0].keys',
  },
  {
    name: 'an empty key',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    keys:\n      - \${KEY_A}\n      - ""\n`,
    line: 6,
    message: 'upstreams[0].keys[1] is empty: write the key or a ${VARIABLE} that holds it, or remove the entry',
  },
  {
    name: 'a key object without its key',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    keys:\n      - { rpm: 10 }\n`,
    line: 5,
    message: 'upstreams[0].keys[0] has no key: add key: ${YOUR_KEY_VARIABLE}',
  },
  {
    name: 'a variable that is not set',
    yaml: `upstreams:\n  - name: openai-main\n    provider: openai\n    keys: [\${OPENAI_KEY_1}, \${OPENAI_KEY_2}]\n`,
    env: { OPENAI_KEY_1: KEY },
    line: 4,
    message: 'OPENAI_KEY_2 is not set: export it, add it to .env, or remove it from upstreams[0].keys',
  },
  {
    name: 'a variable that is empty',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    keys: [\${KEY_A}]\n    headers:\n      OpenAI-Organization: \${ORG}\n`,
    env: { KEY_A: KEY, ORG: '' },
    line: 6,
    message: 'ORG is empty: give it a value (export it or set it in .env), or remove it from upstreams[0].headers.OpenAI-Organization',
  },
  {
    name: 'a malformed reference',
    yaml: `upstreams:\n  - name: a\n    provider: openai\n    keys: ["\${KEY A}"]\n`,
    line: 4,
    message: 'upstreams[0].keys[0]: "${KEY A}" is not a variable reference: write ${NAME} (letters, digits and _), or $${ for a literal ${',
  },
  {
    name: 'two routes for one model',
    yaml: `${UPSTREAM}routes:\n  - model: smart\n    targets: [{ upstream: openai-main, model: gpt-4o }]\n  - model: smart\n    targets: [{ upstream: openai-main, model: gpt-4o-mini }]\n`,
    line: 8,
    message: 'routes[1]: a route for model "smart" is already defined (line 6): merge their targets into one route',
  },
  {
    name: 'a target on an unknown upstream, with the closest name',
    yaml: `${UPSTREAM}routes:\n  - model: smart\n    targets:\n      - { upstream: openai-mian, model: gpt-4o }\n`,
    line: 8,
    message: 'routes[0].targets[0].upstream: no upstream is named "openai-mian"; did you mean openai-main?',
  },
  {
    name: 'a target on an unknown upstream, far from any name',
    yaml: `${UPSTREAM}routes:\n  - model: smart\n    targets:\n      - { upstream: claude, model: claude-sonnet-4 }\n`,
    line: 8,
    message: 'routes[0].targets[0].upstream: no upstream is named "claude"; the upstreams are openai-main',
  },
  {
    name: 'a route without targets',
    yaml: `${UPSTREAM}routes:\n  - model: smart\n    targets: []\n`,
    line: 7,
    message: 'routes[0].targets is empty: add at least one target - { upstream: <upstream name>, model: <model name> }',
  },
  {
    name: 'a zero weight',
    yaml: `${UPSTREAM}routes:\n  - model: smart\n    targets:\n      - { upstream: openai-main, model: gpt-4o, weight: 0 }\n`,
    line: 8,
    message: 'routes[0].targets[0].weight must be a number greater than 0, not 0',
  },
  {
    name: 'a negative weight',
    yaml: `${UPSTREAM}routes:\n  - model: smart\n    targets:\n      - upstream: openai-main\n        model: gpt-4o\n        weight: -1\n`,
    line: 10,
    message: 'routes[0].targets[0].weight must be a number greater than 0, not -1',
  },
  {
    name: 'a mistyped setting in a route policy',
    yaml: `${UPSTREAM}routes:\n  - model: smart\n    targets: [{ upstream: openai-main, model: gpt-4o }]\n    policies:\n      breaker: { failure_treshold: 3 }\n`,
    line: 9,
    message: 'routes[0].policies.breaker.failure_treshold is not a setting; did you mean failure_threshold?',
  },
  {
    name: 'a YAML syntax error, on the parser\'s line',
    yaml: `${UPSTREAM}policies:\n  max_attempts: 3\n\tresume_streams: true\n`,
    line: 7,
    message: 'YAML syntax: Tabs are not allowed as indentation: fix the file at this line',
  },
  {
    name: 'a name twice in one mapping',
    yaml: `${UPSTREAM}policies:\n  max_attempts: 3\n  max_attempts: 4\n`,
    line: 7,
    message: 'YAML syntax: a name appears twice in the same mapping: keep one of them',
  },
  {
    name: 'an alias without its anchor',
    yaml: `${UPSTREAM}policies:\n  timeouts: *slow\n`,
    line: 6,
    message: '*slow refers to no anchor: define &slow above it, or remove the alias',
  },
  {
    name: 'a file without upstreams',
    yaml: `policies:\n  max_attempts: 3\n`,
    line: 1,
    message: 'upstreams is missing: add upstreams: with at least one upstream (name, provider, keys)',
  },
  {
    name: 'an empty file',
    yaml: `# nothing yet\n`,
    line: 1,
    message: 'the config file is empty: add upstreams: with at least one upstream (name, provider, keys)',
  },
];

describe('config errors name the line and the fix', () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      let file = '';
      const error = loadError(() => {
        file = '';
        const loaded = loadYaml(dirs, testCase.yaml, testCase.env ?? ENV);
        file = join(loaded.dir, 'gateway.yaml');
      });
      assert.equal(file, '', 'the config was refused');
      assert.ok(error.file?.endsWith('/gateway.yaml'), `file: ${error.file}`);
      assert.equal(error.line, testCase.line, error.message);
      assert.equal(error.message, `${error.file}:${testCase.line}: ${testCase.message}`);
      assert.ok(!error.message.includes(KEY) && !error.message.includes(OTHER_KEY), 'no key in the message');
    });
  }
});

describe('keys never appear in errors', () => {
  const upstreamWithKey = (keyLine: string): string => `upstreams:\n  - name: a\n    provider: openai\n    keys:\n      - ${keyLine}\n`;

  it('a key with a line end says where the whitespace is and shows only its masked form', () => {
    const error = loadError(() => loadYaml(dirs, upstreamWithKey('${KEY_A}'), { KEY_A: `${KEY}\n` }));
    assert.equal(error.line, 5);
    assert.equal(
      error.message,
      `${error.file}:5: upstreams[0].keys[0] (from KEY_A) ends with a newline (${maskSecret(KEY)}): a key never contains whitespace; copy it again, or remove the stray characters where it is set`,
    );
    assert.ok(!error.message.includes(KEY));
  });

  it('a key with a space inside, written in the file', () => {
    const half = KEY.length / 2;
    const spaced = `${KEY.slice(0, half)} ${KEY.slice(half)}`;
    const error = loadError(() => loadYaml(dirs, upstreamWithKey(`{ key: "${spaced}" }`)));
    assert.equal(error.line, 5);
    assert.match(error.message, /upstreams\[0\]\.keys\[0\] has a space inside \(sk-proj-…[A-Za-z0-9]{4}\): a key never contains whitespace/);
    assert.ok(!error.message.includes(KEY.slice(0, half)) && !error.message.includes(KEY.slice(half)));
  });

  it('a key with a carriage return (a Windows line end in .env)', () => {
    const dir = dirs.make({ 'gateway.yaml': upstreamWithKey('${KEY_A}'), '.env': `KEY_A="${KEY}\\r"\n` });
    const error = loadError(() => loadGatewayConfig({ file: 'gateway.yaml', cwd: dir, env: {} }));
    assert.match(error.message, /ends with a carriage return \(a Windows line end\)/);
    assert.ok(!error.message.includes(KEY));
  });

  it('a key pasted where a name or a setting belongs is not echoed', () => {
    const asProvider = loadError(() => loadYaml(dirs, `upstreams:\n  - name: a\n    provider: ${KEY}\n    keys: [x]\n`));
    assert.match(asProvider.message, /is not a provider/);
    const asSettingName = loadError(() => loadYaml(dirs, `${UPSTREAM}${KEY}: 1\n`, ENV));
    assert.match(asSettingName.message, /is not a setting/);
    const asUpstreamName = loadError(() => loadYaml(dirs, `${UPSTREAM}routes:\n  - model: m\n    targets: [{ upstream: "${KEY}", model: x }]\n`, ENV));
    assert.match(asUpstreamName.message, /no upstream is named/);
    for (const error of [asProvider, asSettingName, asUpstreamName]) assert.ok(!error.message.includes(KEY), error.message);
  });
});

describe('config files that cannot be read', () => {
  it('a missing file says how to go on', () => {
    const dir = dirs.make();
    const error = loadError(() => loadGatewayConfig({ file: 'missing.yaml', cwd: dir, env: ENV }));
    assert.equal(
      error.message,
      `no such config file: ${join(dir, 'missing.yaml')} (create it, or run without --config to use keys from the environment)`,
    );
  });

  it('a directory is not a config file', () => {
    const dir = dirs.make();
    const error = loadError(() => loadGatewayConfig({ file: '.', cwd: dir, env: ENV }));
    assert.equal(error.message, `${dir} is a directory: pass the YAML config file itself to --config`);
  });

  it('a listen port from the command line out of range', () => {
    const error = loadError(() => loadYaml(dirs, UPSTREAM, ENV, { listen: { port: 70_000 } }));
    assert.equal(error.message, 'listen port 70000 is not a port number: use 0 (any free port) to 65535');
  });
});

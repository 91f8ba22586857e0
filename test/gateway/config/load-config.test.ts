import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULTS } from '../../../src/core/defaults.js';
import type { GatewayPolicies } from '../../../src/gateway/config/types.js';
import { fingerprint } from '../../../src/core/redact.js';
import { loadGatewayConfig } from '../../../src/gateway/config/load-config.js';
import { loadYaml, sampleKey, tempDirs } from './config-fixtures.js';

const dirs = tempDirs();
after(() => dirs.cleanup());

const KEY_1 = sampleKey(1);
const KEY_2 = sampleKey(2);
const KEY_3 = sampleKey(3);

/** The README example, word for word, plus the backup upstream its route names. */
const README_EXAMPLE = `
listen: 127.0.0.1:4000          # or a port number, or { host, port }
upstreams:
  - name: openai-main
    provider: openai            # openai | anthropic | gemini | azure-openai | openai-compatible
    base_url: https://api.openai.com/v1   # optional for openai/anthropic/gemini
    keys: [\${OPENAI_KEY_1}, \${OPENAI_KEY_2}]   # strings, or objects { key: \${X}, max_in_flight: 10, rpm: 500, tpm: 200000 }
    proxy: http://proxy.internal:3128       # optional
    region_proxy: http://eu-exit:3128       # optional, used only after a region refusal
    headers: { OpenAI-Organization: org-123 }   # optional
  - name: openai-backup
    provider: openai
    keys:
      - { key: \${OPENAI_KEY_3}, max_in_flight: 10, rpm: 500, tpm: 200000 }
routes:
  - model: smart
    targets:
      - { upstream: openai-main, model: gpt-4o }
      - { upstream: openai-backup, model: gpt-4o-mini, weight: 2 }
    policies: { timeouts: { first_token_ms: 60s } }    # optional per-route overrides
policies:                       # global; every field optional
  attempts_per_target: 3
  max_attempts: 8
  backoff: { base_delay_ms: 250, max_delay_ms: 8s, max_retry_after_ms: 30s }
  timeouts: { connect_ms: 3s, first_token_ms: 15s, stream_idle_ms: 15s, response_ms: 2m, total_ms: 3m }
  breaker: { failure_threshold: 5, open_ms: 30s }
  resume_streams: true
limits:
  max_body_bytes: 32mb          # number or 10kb/32mb/1gb
  queue: { max_size: 1000, max_wait_ms: 30s }
  keys: { max_in_flight: 256, cooldown_ms: 30s, reprobe_ms: 5m }
  connections_per_upstream: 128
  remembered_responses: 50000
  background_usage: { first_check_ms: 2s, max_check_interval_ms: 30s, give_up_after_ms: 2h }
`;

const MINIMAL = `
upstreams:
  - name: main
    provider: openai
    keys: [\${OPENAI_KEY_1}]
`;

const README_POLICIES: GatewayPolicies = {
  attemptsPerTarget: 3,
  maxAttempts: 8,
  backoff: { baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 },
  timeouts: { connectMs: 3_000, firstTokenMs: 15_000, streamIdleMs: 15_000, responseMs: 120_000, totalMs: 180_000 },
  breaker: { failureThreshold: 5, openMs: 30_000 },
  resumeStreams: true,
};

describe('loadGatewayConfig with a file', () => {
  it('loads the README example, every field mapped onto the contract', () => {
    const { config, warnings, dir } = loadYaml(dirs, README_EXAMPLE, { OPENAI_KEY_1: KEY_1, OPENAI_KEY_2: KEY_2, OPENAI_KEY_3: KEY_3 });
    assert.deepEqual(warnings, []);
    assert.deepEqual(config, {
      listen: { host: '127.0.0.1', port: 4000 },
      upstreams: [
        {
          name: 'openai-main',
          provider: 'openai',
          baseUrl: 'https://api.openai.com/v1',
          keys: [
            { secret: KEY_1, label: 'upstreams[0].keys[0]', maxInFlight: null, requestsPerMinute: null, tokensPerMinute: null },
            { secret: KEY_2, label: 'upstreams[0].keys[1]', maxInFlight: null, requestsPerMinute: null, tokensPerMinute: null },
          ],
          proxy: 'http://proxy.internal:3128',
          regionProxy: 'http://eu-exit:3128',
          headers: { 'OpenAI-Organization': 'org-123' },
        },
        {
          name: 'openai-backup',
          provider: 'openai',
          baseUrl: 'https://api.openai.com/v1',
          keys: [{ secret: KEY_3, label: 'upstreams[1].keys[0]', maxInFlight: 10, requestsPerMinute: 500, tokensPerMinute: 200_000 }],
          proxy: null,
          regionProxy: null,
          headers: {},
        },
      ],
      routes: [
        {
          model: 'smart',
          targets: [
            { upstream: 'openai-main', model: 'gpt-4o', weight: null },
            { upstream: 'openai-backup', model: 'gpt-4o-mini', weight: 2 },
          ],
          policies: { ...README_POLICIES, timeouts: { ...README_POLICIES.timeouts, firstTokenMs: 60_000 } },
        },
      ],
      policies: README_POLICIES,
      limits: {
        maxBodyBytes: 32 * 1024 * 1024,
        queue: { maxSize: 1_000, maxWaitMs: 30_000 },
        keys: { maxInFlight: 256, cooldownMs: 30_000, reprobeMs: 300_000 },
        connectionsPerUpstream: 128,
        rememberedResponses: 50_000,
        backgroundUsage: { firstCheckMs: 2_000, maxCheckIntervalMs: 30_000, giveUpAfterMs: 7_200_000 },
      },
      operations: { dataDir: join(dir, '.llmdoctor'), adminToken: null, allowOpen: false, logLevel: 'info', usage: { record: true, batchSize: 500, flushMs: 50 } },
      source: { file: join(dir, 'gateway.yaml'), keyVariables: ['OPENAI_KEY_1', 'OPENAI_KEY_2', 'OPENAI_KEY_3'] },
    });
  });

  it('fills every unset policy and limit from DEFAULTS.gateway, and listens on its address', () => {
    const { config } = loadYaml(dirs, MINIMAL, { OPENAI_KEY_1: KEY_1 });
    const d = DEFAULTS.gateway;
    assert.deepEqual(config.listen, { host: d.host, port: d.port });
    assert.deepEqual(config.policies, {
      attemptsPerTarget: d.attemptsPerTarget,
      maxAttempts: d.maxAttempts,
      backoff: { baseDelayMs: d.backoff.baseDelayMs, maxDelayMs: d.backoff.maxDelayMs, maxRetryAfterMs: d.backoff.maxRetryAfterMs },
      timeouts: {
        connectMs: d.timeouts.connectMs,
        firstTokenMs: d.timeouts.firstTokenMs,
        streamIdleMs: d.timeouts.streamIdleMs,
        responseMs: d.timeouts.responseMs,
        totalMs: d.timeouts.totalMs,
      },
      breaker: { failureThreshold: d.breaker.failureThreshold, openMs: d.breaker.openMs },
      resumeStreams: d.resumeStreams,
    });
    assert.deepEqual(config.limits, {
      maxBodyBytes: d.maxBodyBytes,
      queue: { maxSize: d.queue.maxSize, maxWaitMs: d.queue.maxWaitMs },
      keys: { maxInFlight: d.keys.maxInFlight, cooldownMs: d.keys.cooldownMs, reprobeMs: d.keys.reprobeMs },
      connectionsPerUpstream: d.connectionsPerUpstream,
      rememberedResponses: d.rememberedResponses,
      backgroundUsage: { firstCheckMs: d.backgroundUsage.firstCheckMs, maxCheckIntervalMs: d.backgroundUsage.maxCheckIntervalMs, giveUpAfterMs: d.backgroundUsage.giveUpAfterMs },
    });
    assert.deepEqual(config.routes, []);
  });

  it('a route that overrides only first_token_ms keeps every other global policy, and a route without policies gets the globals', () => {
    const yaml = `${MINIMAL}
policies:
  attempts_per_target: 2
  max_attempts: 5
  backoff: { base_delay_ms: 100 }
  timeouts: { connect_ms: 1s, first_token_ms: 10s, total_ms: 90s }
  breaker: { open_ms: 5s }
  resume_streams: false
routes:
  - model: reasoning
    targets: [{ upstream: main, model: o3 }]
    policies:
      timeouts: { first_token_ms: 2m }
  - model: plain
    targets: [{ upstream: main, model: gpt-4o-mini }]
`;
    const { config } = loadYaml(dirs, yaml, { OPENAI_KEY_1: KEY_1 });
    const d = DEFAULTS.gateway;
    const globals: GatewayPolicies = {
      attemptsPerTarget: 2,
      maxAttempts: 5,
      backoff: { baseDelayMs: 100, maxDelayMs: d.backoff.maxDelayMs, maxRetryAfterMs: d.backoff.maxRetryAfterMs },
      timeouts: { connectMs: 1_000, firstTokenMs: 10_000, streamIdleMs: d.timeouts.streamIdleMs, responseMs: d.timeouts.responseMs, totalMs: 90_000 },
      breaker: { failureThreshold: d.breaker.failureThreshold, openMs: 5_000 },
      resumeStreams: false,
    };
    assert.deepEqual(config.policies, globals);
    assert.deepEqual(config.routes[0]?.policies, { ...globals, timeouts: { ...globals.timeouts, firstTokenMs: 120_000 } });
    assert.deepEqual(config.routes[1]?.policies, globals);
    assert.notEqual(config.routes[1]?.policies, config.policies, 'each route owns its policies object');
  });

  describe('durations and sizes', () => {
    const durations: Array<[string, number]> = [
      ['250', 250],
      ['250ms', 250],
      ['15s', 15_000],
      ['2m', 120_000],
      ['1h', 3_600_000],
      ['1m30s', 90_000],
      ['1.5s', 1_500],
      ['"1500"', 1_500],
      ['"45 seconds"', 45_000],
    ];
    for (const [written, ms] of durations) {
      it(`first_token_ms: ${written} is ${ms} ms`, () => {
        const { config } = loadYaml(dirs, `${MINIMAL}policies: { timeouts: { first_token_ms: ${written} } }\n`, { OPENAI_KEY_1: KEY_1 });
        assert.equal(config.policies.timeouts.firstTokenMs, ms);
      });
    }
    const sizes: Array<[string, number]> = [
      ['10kb', 10_240],
      ['32mb', 33_554_432],
      ['1gb', 1_073_741_824],
      ['1GB', 1_073_741_824],
      ['1.5kb', 1_536],
      ['512b', 512],
      ['1048576', 1_048_576],
      ['"2 mb"', 2_097_152],
    ];
    for (const [written, bytes] of sizes) {
      it(`max_body_bytes: ${written} is ${bytes} bytes`, () => {
        const { config } = loadYaml(dirs, `${MINIMAL}limits: { max_body_bytes: ${written} }\n`, { OPENAI_KEY_1: KEY_1 });
        assert.equal(config.limits.maxBodyBytes, bytes);
      });
    }
    it('a duration or a number may come from a variable', () => {
      const yaml = `${MINIMAL}policies: { max_attempts: \${ATTEMPTS}, timeouts: { total_ms: \${TOTAL} } }\n`;
      const { config } = loadYaml(dirs, yaml, { OPENAI_KEY_1: KEY_1, ATTEMPTS: '6', TOTAL: '4m' });
      assert.equal(config.policies.maxAttempts, 6);
      assert.equal(config.policies.timeouts.totalMs, 240_000);
    });
  });

  describe('listen', () => {
    const forms: Array<[string, { host: string; port: number }]> = [
      ['127.0.0.1:4100', { host: '127.0.0.1', port: 4100 }],
      ['4200', { host: DEFAULTS.gateway.host, port: 4200 }],
      ['":4300"', { host: DEFAULTS.gateway.host, port: 4300 }],
      ['"[::1]:4400"', { host: '::1', port: 4400 }],
      ['{ host: 0.0.0.0, port: 4500 }', { host: '0.0.0.0', port: 4500 }],
      ['{ host: localhost }', { host: 'localhost', port: DEFAULTS.gateway.port }],
      ['0', { host: DEFAULTS.gateway.host, port: 0 }],
    ];
    for (const [written, expected] of forms) {
      it(`listen: ${written}`, () => {
        const { config } = loadYaml(dirs, `listen: ${written}\n${MINIMAL}`, { OPENAI_KEY_1: KEY_1 });
        assert.deepEqual(config.listen, expected);
      });
    }
    it('the command line overrides the file, part by part', () => {
      const yaml = `listen: 10.0.0.5:4100\n${MINIMAL}`;
      assert.deepEqual(loadYaml(dirs, yaml, { OPENAI_KEY_1: KEY_1 }, { listen: { port: 5000 } }).config.listen, { host: '10.0.0.5', port: 5000 });
      assert.deepEqual(loadYaml(dirs, yaml, { OPENAI_KEY_1: KEY_1 }, { listen: { host: '0.0.0.0' } }).config.listen, { host: '0.0.0.0', port: 4100 });
      assert.deepEqual(
        loadYaml(dirs, yaml, { OPENAI_KEY_1: KEY_1 }, { listen: { host: undefined, port: undefined } }).config.listen,
        { host: '10.0.0.5', port: 4100 },
      );
    });
  });

  it('base URLs: trailing slashes removed, provider defaults, otherwise kept as written', () => {
    const yaml = `
upstreams:
  - { name: a, provider: openai, keys: [k1] }
  - { name: b, provider: anthropic, keys: [k2] }
  - { name: c, provider: gemini, keys: [k3] }
  - { name: d, provider: azure-openai, base_url: "https://my-res.openai.azure.com/openai//", keys: [k4] }
  - { name: e, provider: openai-compatible, base_url: "http://LocalHost:8000/V1/", keys: [k5] }
  - { name: f, provider: openai, base_url: "\${MOCK_URL}/", keys: [k6] }
`;
    const { config } = loadYaml(dirs, yaml, { MOCK_URL: 'http://127.0.0.1:8787/v1' });
    assert.deepEqual(
      config.upstreams.map((u) => [u.name, u.baseUrl]),
      [
        ['a', 'https://api.openai.com/v1'],
        ['b', 'https://api.anthropic.com'],
        ['c', 'https://generativelanguage.googleapis.com'],
        ['d', 'https://my-res.openai.azure.com/openai'],
        ['e', 'http://LocalHost:8000/V1'],
        ['f', 'http://127.0.0.1:8787/v1'],
      ],
    );
    assert.deepEqual(config.source.keyVariables, [], 'literal keys come from no variable');
  });

  it('${VAR} anywhere in a string, $${ for a literal ${, and variables from .env (the environment wins)', () => {
    const dir = dirs.make({
      'gateway.yaml': `
upstreams:
  - name: "team-\${TEAM}"
    provider: openai-compatible
    base_url: http://\${HOST}:8000/v1
    keys: ["\${FROM_DOTENV}"]
    headers:
      X-Template: "$\${NOT_A_VARIABLE} and \${TEAM}"
      X-Count: 3
`,
      '.env': 'TEAM=from-dotenv\nFROM_DOTENV=dotenv-key-1\nHOST=dotenv-host\n',
    });
    const { config } = loadGatewayConfigIn(dir, { TEAM: 'blue', HOST: 'env-host' });
    const upstream = config.upstreams[0];
    assert.equal(upstream?.name, 'team-blue');
    assert.equal(upstream?.baseUrl, 'http://env-host:8000/v1');
    assert.deepEqual(upstream?.headers, { 'X-Template': '${NOT_A_VARIABLE} and blue', 'X-Count': '3' });
    assert.equal(upstream?.keys[0]?.secret, 'dotenv-key-1');
    assert.deepEqual(config.source.keyVariables, ['FROM_DOTENV']);
  });

  it('a relative file is read from cwd and reported by its absolute path; a missing .env is fine', () => {
    const dir = dirs.make({ 'conf.yaml': MINIMAL });
    const { config } = loadGatewayConfig({ file: './conf.yaml', cwd: dir, env: { OPENAI_KEY_1: KEY_1 } });
    assert.equal(config.source.file, join(dir, 'conf.yaml'));
  });

  it('the same key twice in one upstream is used once, with a warning that names it by fingerprint only', () => {
    const yaml = `
upstreams:
  - name: main
    provider: openai
    keys: [\${OPENAI_KEY_1}, \${OPENAI_KEY_2}, \${OPENAI_KEY_1}]
`;
    const { config, warnings, dir } = loadYaml(dirs, yaml, { OPENAI_KEY_1: KEY_1, OPENAI_KEY_2: KEY_2 });
    assert.deepEqual(config.upstreams[0]?.keys.map((k) => [k.label, k.secret]), [['upstreams[0].keys[0]', KEY_1], ['upstreams[0].keys[1]', KEY_2]]);
    assert.deepEqual(warnings, [`${join(dir, 'gateway.yaml')}:5: upstreams[0].keys[2] is the same key as upstreams[0].keys[0] (fp ${fingerprint(KEY_1)}): used once`]);
  });

  it('anchors and aliases are followed', () => {
    const yaml = `
policies:
  timeouts: &slow { first_token_ms: 90s }
upstreams:
  - { name: main, provider: openai, keys: [\${OPENAI_KEY_1}] }
routes:
  - model: thinker
    targets: [{ upstream: main, model: o3 }]
    policies: { timeouts: *slow }
`;
    const { config } = loadYaml(dirs, yaml, { OPENAI_KEY_1: KEY_1 });
    assert.equal(config.policies.timeouts.firstTokenMs, 90_000);
    assert.equal(config.routes[0]?.policies.timeouts.firstTokenMs, 90_000);
  });
});

function loadGatewayConfigIn(dir: string, env: Record<string, string>) {
  return loadGatewayConfig({ file: 'gateway.yaml', cwd: dir, env });
}

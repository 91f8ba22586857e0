import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DEFAULTS } from '../../../src/core/defaults.js';
import { maskSecret } from '../../../src/core/redact.js';
import { loadGatewayConfig, type LoadGatewayConfigOptions } from '../../../src/gateway/config/load-config.js';
import { loadError, sampleKey, tempDirs } from './config-fixtures.js';

const dirs = tempDirs();
after(() => dirs.cleanup());

const OPENAI = [1, 2, 3, 4, 5, 6].map((seed) => sampleKey(seed));
const ANTHROPIC = [11, 12].map((seed) => sampleKey(seed, 'sk-ant-api03-'));
const GEMINI = [21, 22].map((seed) => sampleKey(seed, 'AIza'));

/** Zero config in an empty directory (no .env) unless files are given. */
function load(env: Record<string, string | undefined>, options: Omit<LoadGatewayConfigOptions, 'env' | 'cwd'> = {}, files: Record<string, string> = {}) {
  return loadGatewayConfig({ env, cwd: dirs.make(files), ...options });
}

const summary = (config: ReturnType<typeof load>['config']) =>
  config.upstreams.map((u) => ({ name: u.name, provider: u.provider, baseUrl: u.baseUrl, keys: u.keys.map((k) => [k.label, k.secret]) }));

describe('zero config: upstreams from the environment', () => {
  it('one key: one upstream named after its provider, the default base URL, defaults everywhere, no routes', () => {
    const { config, warnings } = load({ OPENAI_API_KEY: OPENAI[0], PATH: '/usr/bin' });
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.upstreams, [
      {
        name: 'openai',
        provider: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        keys: [{ secret: OPENAI[0], label: 'OPENAI_API_KEY', maxInFlight: null, requestsPerMinute: null, tokensPerMinute: null }],
        proxy: null,
        regionProxy: null,
        headers: {},
      },
    ]);
    assert.deepEqual(config.routes, []);
    assert.deepEqual(config.listen, { host: DEFAULTS.gateway.host, port: DEFAULTS.gateway.port });
    assert.equal(config.policies.timeouts.firstTokenMs, DEFAULTS.gateway.timeouts.firstTokenMs);
    assert.equal(config.limits.maxBodyBytes, DEFAULTS.gateway.maxBodyBytes);
    assert.deepEqual(config.source, { file: null, keyVariables: ['OPENAI_API_KEY'] });
  });

  it('numbered variables in numeric order, then the plural list; a value seen twice is kept once', () => {
    const { config } = load({
      OPENAI_API_KEY_10: OPENAI[3],
      OPENAI_API_KEY: OPENAI[0],
      OPENAI_API_KEY_2: OPENAI[2],
      OPENAI_API_KEY_1: OPENAI[1],
      OPENAI_API_KEYS: `${OPENAI[4]}, ${OPENAI[0]},,${OPENAI[5]},`,
      OPENAI_API_KEY_X: 'not a numbered variable',
    });
    assert.deepEqual(summary(config), [
      {
        name: 'openai',
        provider: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        keys: [
          ['OPENAI_API_KEY', OPENAI[0]],
          ['OPENAI_API_KEY_1', OPENAI[1]],
          ['OPENAI_API_KEY_2', OPENAI[2]],
          ['OPENAI_API_KEY_10', OPENAI[3]],
          ['OPENAI_API_KEYS[0]', OPENAI[4]],
          ['OPENAI_API_KEYS[3]', OPENAI[5]],
        ],
      },
    ]);
    assert.deepEqual(config.source.keyVariables, ['OPENAI_API_KEY', 'OPENAI_API_KEY_1', 'OPENAI_API_KEY_2', 'OPENAI_API_KEY_10', 'OPENAI_API_KEYS']);
  });

  it('every provider with keys gets its upstream; both Gemini variables count, a shared value once', () => {
    const { config } = load({
      GEMINI_API_KEY: GEMINI[0],
      GOOGLE_API_KEY: GEMINI[0],
      GEMINI_API_KEYS: GEMINI[1],
      ANTHROPIC_API_KEY_1: ANTHROPIC[0],
      ANTHROPIC_API_KEYS: ANTHROPIC[1],
      OPENAI_API_KEY: '',
    });
    assert.deepEqual(summary(config), [
      { name: 'anthropic', provider: 'anthropic', baseUrl: 'https://api.anthropic.com', keys: [['ANTHROPIC_API_KEY_1', ANTHROPIC[0]], ['ANTHROPIC_API_KEYS[0]', ANTHROPIC[1]]] },
      {
        name: 'gemini',
        provider: 'gemini',
        baseUrl: 'https://generativelanguage.googleapis.com',
        keys: [['GOOGLE_API_KEY', GEMINI[0]], ['GEMINI_API_KEYS[0]', GEMINI[1]]],
      },
    ]);
    assert.deepEqual(config.source.keyVariables, ['ANTHROPIC_API_KEY_1', 'ANTHROPIC_API_KEYS', 'GOOGLE_API_KEY', 'GEMINI_API_KEYS']);
  });

  it('ANTHROPIC_AUTH_TOKEN is not an API key: not used, with a warning', () => {
    const { config, warnings } = load({ ANTHROPIC_API_KEY: ANTHROPIC[0], ANTHROPIC_AUTH_TOKEN: ANTHROPIC[1] });
    assert.deepEqual(summary(config)[0]?.keys, [['ANTHROPIC_API_KEY', ANTHROPIC[0]]]);
    assert.deepEqual(warnings, [
      "ANTHROPIC_AUTH_TOKEN is set but not used: it is a bearer token for servers other than the provider's API; the gateway reads API keys only",
    ]);
  });

  it('.env in cwd adds variables; the ones already in the environment win', () => {
    const dotenv = `OPENAI_API_KEY=${OPENAI[1]}\nANTHROPIC_API_KEY="${ANTHROPIC[0]}"\nOPENAI_BASE_URL=http://127.0.0.1:8787/v1\n`;
    const { config } = load({ OPENAI_API_KEY: OPENAI[0] }, {}, { '.env': dotenv });
    assert.deepEqual(summary(config), [
      { name: 'openai', provider: 'openai', baseUrl: 'http://127.0.0.1:8787/v1', keys: [['OPENAI_API_KEY', OPENAI[0]]] },
      { name: 'anthropic', provider: 'anthropic', baseUrl: 'https://api.anthropic.com', keys: [['ANTHROPIC_API_KEY', ANTHROPIC[0]]] },
    ]);
  });

  it('base URL variables point upstreams elsewhere (a mock), trailing slash removed; GOOGLE_GEMINI_BASE_URL before GEMINI_BASE_URL', () => {
    const { config, warnings } = load({
      OPENAI_API_KEY: OPENAI[0],
      OPENAI_BASE_URL: 'http://127.0.0.1:8787/v1/',
      ANTHROPIC_API_KEY: ANTHROPIC[0],
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8787',
      GEMINI_API_KEY: GEMINI[0],
      GEMINI_BASE_URL: 'http://gemini-extra:9000',
      GOOGLE_GEMINI_BASE_URL: ' http://gemini-sdk:9000/ ',
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      config.upstreams.map((u) => u.baseUrl),
      ['http://127.0.0.1:8787/v1', 'http://127.0.0.1:8787', 'http://gemini-sdk:9000'],
    );
    const onlyExtra = load({ GEMINI_API_KEY: GEMINI[0], GEMINI_BASE_URL: 'http://gemini-extra:9000' });
    assert.equal(onlyExtra.config.upstreams[0]?.baseUrl, 'http://gemini-extra:9000');
  });

  describe('a base URL that points at the gateway itself', () => {
    it('is ignored with a warning: the provider default is used', () => {
      const { config, warnings } = load({ OPENAI_API_KEY: OPENAI[0], OPENAI_BASE_URL: 'http://localhost:4000/v1' });
      assert.equal(config.upstreams[0]?.baseUrl, 'https://api.openai.com/v1');
      assert.deepEqual(warnings, [
        "OPENAI_BASE_URL (http://localhost:4000/v1) points at this gateway's own address 127.0.0.1:4000, which would loop: ignored for the gateway's OpenAI upstream, which uses https://api.openai.com/v1",
      ]);
    });

    const cases: Array<{ url: string; listen: { host?: string; port?: number }; loops: boolean }> = [
      { url: 'http://127.0.0.1:4000', listen: {}, loops: true },
      { url: 'http://127.0.0.2:4000', listen: {}, loops: true },
      { url: 'http://[::1]:4000', listen: {}, loops: true },
      { url: 'http://127.0.0.1:4000', listen: { host: '0.0.0.0' }, loops: true },
      { url: 'http://gw.internal:4000', listen: { host: 'gw.internal' }, loops: true },
      { url: 'http://localhost', listen: { port: 80 }, loops: true },
      { url: 'https://localhost', listen: { port: 443 }, loops: true },
      { url: 'http://127.0.0.1:4001', listen: {}, loops: false },
      { url: 'http://127.0.0.1:4000', listen: { port: 5000 }, loops: false },
      { url: 'http://127.0.0.1:4000', listen: { port: 0 }, loops: false },
      { url: 'http://10.0.0.7:4000', listen: {}, loops: false },
      { url: 'http://127.0.0.1:4000', listen: { host: '10.0.0.7' }, loops: false },
      { url: 'https://localhost', listen: { port: 80 }, loops: false },
    ];
    for (const { url, listen, loops } of cases) {
      it(`${url} with listen ${JSON.stringify(listen)} ${loops ? 'loops' : 'is kept'}`, () => {
        const { config, warnings } = load({ ANTHROPIC_API_KEY: ANTHROPIC[0], ANTHROPIC_BASE_URL: url }, { listen });
        assert.equal(config.upstreams[0]?.baseUrl, loops ? 'https://api.anthropic.com' : url);
        assert.equal(warnings.length, loops ? 1 : 0);
      });
    }
  });

  it('a base URL variable that is not a URL is an error naming the variable', () => {
    const error = loadError(() => load({ OPENAI_API_KEY: OPENAI[0], OPENAI_BASE_URL: 'localhost:8787/v1' }));
    assert.equal(error.message, 'OPENAI_BASE_URL is not a URL: write it as https://host[:port][/path] (or unset it to use https://api.openai.com/v1)');
    assert.equal(error.file, null);
  });

  it('a key with a stray line end is trimmed as the SDKs do, with a warning that shows it masked', () => {
    const { config, warnings } = load({ OPENAI_API_KEY: `${OPENAI[0]}\n` });
    assert.equal(config.upstreams[0]?.keys[0]?.secret, OPENAI[0]);
    assert.deepEqual(warnings, [
      `OPENAI_API_KEY ends with a newline (${maskSecret(OPENAI[0] ?? '')}): trimmed, as the provider SDKs do; other tools may not trim it, so remove it where OPENAI_API_KEY is set`,
    ]);
    assert.ok(!warnings[0]?.includes(OPENAI[0] ?? ''));
  });

  it('a key with whitespace inside is an error that does not show it', () => {
    const [first = '', second = ''] = OPENAI;
    const error = loadError(() => load({ OPENAI_API_KEYS: `${first} ${second}` }));
    assert.equal(
      error.message,
      `OPENAI_API_KEYS[0] has a space inside (${maskSecret(`${first} ${second}`)}): a key never contains whitespace: separate the keys of a list with commas only; fix the value where OPENAI_API_KEYS is set`,
    );
    assert.ok(!error.message.includes(first) && !error.message.includes(second));
  });

  it('no keys anywhere: an error listing the variables per provider, or --config', () => {
    const error = loadError(() => load({ OPENAI_API_KEY: '', ANTHROPIC_AUTH_TOKEN: 'token-for-a-proxy', PATH: '/usr/bin' }));
    assert.equal(
      error.message,
      'no provider keys found in the environment or in .env (ANTHROPIC_AUTH_TOKEN is set, but it is not an API key). ' +
        'Set at least one of: OpenAI: OPENAI_API_KEY; Anthropic: ANTHROPIC_API_KEY; Gemini: GOOGLE_API_KEY or GEMINI_API_KEY. ' +
        'Several keys per provider: numbered variables (OPENAI_API_KEY_1, OPENAI_API_KEY_2…) or a comma-separated list (OPENAI_API_KEYS=key1,key2). ' +
        'Or pass --config <file> to name upstreams and keys yourself.',
    );
  });
});

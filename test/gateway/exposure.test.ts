import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLimits, defaultPolicies } from '../../src/gateway/config/default-settings.js';
import type { GatewayConfig, GatewayOperations } from '../../src/gateway/config/types.js';
import { exposureProblem, exposureWarnings, isLoopbackHost } from '../../src/gateway/exposure.js';

const ADMIN_TOKEN = 'a-long-random-admin-token-for-tests';

function configOn(host: string, operations: Partial<GatewayOperations> = {}): GatewayConfig {
  return {
    listen: { host, port: 4000 },
    upstreams: [],
    routes: [],
    policies: defaultPolicies(),
    limits: defaultLimits(),
    operations: { dataDir: '/srv/llmdoctor data', adminToken: null, allowOpen: false, logLevel: 'info', usage: { record: true, batchSize: 500, flushMs: 1_000 }, ...operations },
    source: { file: null, keyVariables: [] },
  };
}

const LOOPBACK = ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST', 'localhost.'];
const REACHABLE = ['0.0.0.0', '::', '192.168.1.20', '10.0.0.7', 'fe80::1', '::ffff:10.0.0.1', '128.0.0.1', 'gateway.internal', 'localhost.example.com'];

describe('isLoopbackHost', () => {
  for (const host of LOOPBACK) it(`${host} is loopback`, () => assert.equal(isLoopbackHost(host), true));
  for (const host of REACHABLE) it(`${host} is reachable from elsewhere`, () => assert.equal(isLoopbackHost(host), false));
});

describe('exposureProblem', () => {
  for (const host of LOOPBACK) {
    it(`${host}: serves without client keys`, () => assert.equal(exposureProblem(configOn(host), false), null));
  }
  for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
    it(`${host} without client keys: refused, saying why and both ways out`, () => {
      const problem = exposureProblem(configOn(host), false);
      assert.ok(problem !== null);
      const shown = host.includes(':') ? `[${host}]:4000` : `${host}:4000`;
      assert.ok(problem.startsWith(`refusing to serve on ${shown} without client keys`), problem);
      assert.match(problem, /anyone who can reach the port would spend your provider keys/);
      assert.match(problem, /llmdoctor keys create --name <service> --data-dir '\/srv\/llmdoctor data'\n/);
      assert.match(problem, /then start the gateway again/);
      assert.match(problem, /--allow-open on the command line, or allow_open: true in the config/);
    });
    it(`${host} with client keys: serves`, () => assert.equal(exposureProblem(configOn(host), true), null));
    it(`${host} with allowOpen: serves`, () => assert.equal(exposureProblem(configOn(host, { allowOpen: true }), false), null));
  }
  it('port 0 is shown as any free port', () => {
    const config = configOn('0.0.0.0');
    config.listen.port = 0;
    assert.match(exposureProblem(config, false) ?? '', /^refusing to serve on 0\.0\.0\.0 \(any free port\) without client keys/);
  });
  it('an unquoted data folder when the path needs no quoting', () => {
    assert.match(exposureProblem(configOn('0.0.0.0', { dataDir: '/var/lib/llmdoctor' }), false) ?? '', /--data-dir \/var\/lib\/llmdoctor\n/);
  });
});

describe('exposureWarnings', () => {
  it('nothing on loopback, whatever the settings', () => {
    assert.deepEqual(exposureWarnings(configOn('127.0.0.1')), []);
    assert.deepEqual(exposureWarnings(configOn('::1', { allowOpen: true })), []);
  });
  it('beyond loopback without an admin token: says the admin API is off and how to turn it on', () => {
    const warnings = exposureWarnings(configOn('0.0.0.0'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /^serving on 0\.0\.0\.0:4000 with the admin API off \(no admin token\).*LLMDOCTOR_ADMIN_TOKEN/);
  });
  it('beyond loopback with an admin token: no warning; with allowOpen: a warning that open access spends the keys', () => {
    assert.deepEqual(exposureWarnings(configOn('10.0.0.7', { adminToken: ADMIN_TOKEN })), []);
    const warnings = exposureWarnings(configOn('::', { adminToken: ADMIN_TOKEN, allowOpen: true }));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /^open access is allowed on \[::\]:4000 .*anyone who can reach the port spends your provider keys/);
    for (const warning of exposureWarnings(configOn('0.0.0.0', { adminToken: ADMIN_TOKEN, allowOpen: true }))) assert.ok(!warning.includes(ADMIN_TOKEN));
  });
});

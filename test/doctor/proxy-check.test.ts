import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkProxyEnvironment } from '../../src/doctor/checks/proxy.js';
import { TINYPROXY_MISSING } from '../net/support/binaries.js';
import { checkContext } from '../net/support/check-context.js';
import { closedPort } from '../net/support/servers.js';
import { startTinyproxy, type Tinyproxy } from '../net/support/tinyproxy.js';

const PASSWORD = 'pr0xy-s3cret-77';

describe('checkProxyEnvironment', () => {
  let refusedPort: number;
  before(async () => {
    refusedPort = await closedPort();
  });

  test('no proxy variables: a pass that says so, nothing to reach', async () => {
    const context = checkContext({ PATH: '/usr/bin' });
    await checkProxyEnvironment(context.ctx);
    assert.equal(context.byCheck('proxy.env').status, 'pass');
    assert.match(context.byCheck('proxy.env').title, /No proxy variables set/);
    assert.equal(context.byCheck('proxy.reach').status, 'skip');
  });

  test('problems between clients are a warning; a proxy that is down fails proxy.reach; the password stays hidden', async () => {
    const context = checkContext({
      https_proxy: `http://doctor:${PASSWORD}@127.0.0.1:${refusedPort}`,
      HTTPS_PROXY: `127.0.0.1:${refusedPort}`,
      ALL_PROXY: 'socks5://127.0.0.1:1',
    });
    await checkProxyEnvironment(context.ctx);
    const env = context.byCheck('proxy.env');
    assert.equal(env.status, 'warn');
    assert.equal(env.category, 'network_proxy');
    assert.match(env.detail, /https_proxy and HTTPS_PROXY differ/);
    assert.match(env.detail, /SOCKS/);
    assert.match(env.detail, /https_proxy=http:\/\/doctor:\*\*\*@127\.0\.0\.1/);
    const reach = context.byCheck('proxy.reach');
    assert.equal(reach.status, 'fail');
    assert.equal(reach.category, 'network_proxy');
    assert.match(reach.title, new RegExp(`127\\.0\\.0\\.1:${refusedPort} is unreachable: refused`));
    assert.ok(!JSON.stringify(context.findings).includes(PASSWORD));
  });

  test('--offline reads the variables but connects to nothing', async () => {
    const context = checkContext({ HTTPS_PROXY: `http://127.0.0.1:${refusedPort}` }, { offline: true });
    await checkProxyEnvironment(context.ctx);
    assert.equal(context.byCheck('proxy.env').status, 'pass');
    assert.equal(context.byCheck('proxy.reach').status, 'skip');
  });

  describe('with a real tinyproxy', { skip: TINYPROXY_MISSING }, () => {
    let proxy: Tinyproxy;
    before(async () => {
      proxy = await startTinyproxy();
    });
    after(async () => {
      await proxy?.close();
    });

    test('a proxy that accepts connections passes proxy.reach', async () => {
      const context = checkContext({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: 'localhost' });
      await checkProxyEnvironment(context.ctx);
      const env = context.byCheck('proxy.env');
      assert.equal(env.status, 'pass', env.detail);
      assert.match(env.detail, /except hosts matching NO_PROXY=localhost/);
      const reach = context.byCheck('proxy.reach');
      assert.equal(reach.status, 'pass');
      assert.match(reach.title, new RegExp(`127\\.0\\.0\\.1:${proxy.port} in \\d+ ms`));
    });
  });
});

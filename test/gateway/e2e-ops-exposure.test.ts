import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GatewayConfigError, type GatewayConfig } from '../../src/gateway/config/types.js';
import { startGateway } from '../../src/gateway/start-gateway.js';
import { startMock, type RunningMock } from '../../src/mock/start-mock.js';
import { runCli } from '../cli/run-cli.js';
import { gatewayConfig } from './support/harness.js';
import { sdkCall } from './support/ops-callers.js';

/**
 * Listening beyond loopback without client keys would let anyone who reaches the port spend the
 * provider keys: the gateway refuses before it binds. With --allow-open, or once a client key exists,
 * it starts; those runs bind 0.0.0.0 on a free port only for the one request that shows it serves.
 */
describe('e2e ops: serving beyond loopback', () => {
  let mock: RunningMock;
  const folders: string[] = [];

  before(async () => {
    mock = await startMock({ port: 0 });
  });
  after(async () => {
    await mock?.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  function configOn(host: string, allowOpen = false): GatewayConfig {
    const base = gatewayConfig(mock, [{ name: 'openai', provider: 'openai', keys: [mock.issueKey('openai')] }]);
    folders.push(base.operations.dataDir);
    return { ...base, listen: { host, port: 0 }, operations: { ...base.operations, allowOpen } };
  }

  /** Starts, checks it answers on loopback through the wildcard address and whether it requires client keys, and closes. */
  async function startsAndServes(config: GatewayConfig, key: string | null, requiresKeys: boolean): Promise<void> {
    const gateway = await startGateway({ config });
    try {
      assert.equal(gateway.url, `http://0.0.0.0:${gateway.port}`);
      const call = await sdkCall('openai', `http://127.0.0.1:${gateway.port}`, key);
      assert.ok(call.outcome.ok, 'it serves');
      // Asked while it runs: a closed gateway's store is closed too
      assert.equal(gateway.clientKeysRequired(), requiresKeys);
    } finally {
      await gateway.close();
    }
  }

  it('0.0.0.0 without client keys: startGateway throws GatewayConfigError saying why and what to do, and binds nothing', async () => {
    const config = configOn('0.0.0.0');
    await assert.rejects(startGateway({ config }), (error: unknown) => {
      assert.ok(error instanceof GatewayConfigError, String(error));
      assert.match(error.message, /^refusing to serve on 0\.0\.0\.0 \(any free port\) without client keys/);
      assert.match(error.message, /anyone who can reach the port would spend your provider keys/);
      assert.ok(error.message.includes(`llmdoctor keys create --name <service> --data-dir ${config.operations.dataDir}`), error.message);
      assert.match(error.message, /--allow-open/);
      return true;
    });
    // The store it opened was closed again: loopback on the same folder starts
    const loopback = await startGateway({ config: { ...config, listen: { host: '127.0.0.1', port: 0 } } });
    await loopback.close();
  });

  it('0.0.0.0 with allowOpen: starts', async () => {
    await startsAndServes(configOn('0.0.0.0', true), null, false);
  });

  it('0.0.0.0 with a client key made first (as the refusal says): starts, and requires the key from its first request', { timeout: 15_000 }, async () => {
    const config = configOn('0.0.0.0');
    const created = await runCli(['keys', 'create', '--name', 'svc', '--data-dir', config.operations.dataDir, '--json'], { cwd: config.operations.dataDir });
    assert.equal(created.code, 0, created.stderr);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const gateway = await startGateway({ config });
    try {
      assert.equal(gateway.clientKeysRequired(), true);
      const withoutKey = await sdkCall('openai', `http://127.0.0.1:${gateway.port}`, null);
      assert.equal(withoutKey.outcome.ok ? 200 : withoutKey.outcome.status, 401);
      assert.ok((await sdkCall('openai', `http://127.0.0.1:${gateway.port}`, key)).outcome.ok);
    } finally {
      await gateway.close();
    }
  });

  it('`llmdoctor gateway --host 0.0.0.0` without client keys exits 2 with the same explanation', { timeout: 15_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'llmdoctor-exposure-'));
    folders.push(home);
    const result = await runCli(['gateway', '--host', '0.0.0.0', '--port', '0', '--data-dir', join(home, 'data')], {
      cwd: home,
      env: { OPENAI_API_KEY: mock.issueKey('openai'), OPENAI_BASE_URL: mock.baseUrls.openai },
    });
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /refusing to serve on 0\.0\.0\.0 \(any free port\) without client keys/);
    assert.doesNotMatch(result.stdout, /listening on/);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfig, GatewayOperations } from '../../../src/gateway/config/types.js';
import type { GatewayCall } from '../../../src/gateway/engine/call.js';
import type { GatewayHooks } from '../../../src/gateway/server/gateway-server.js';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway.js';
import type { MockOptions } from '../../../src/mock/options.js';
import { startMock, type RunningMock } from '../../../src/mock/start-mock.js';
import { gatewayConfig, type LimitOverrides, type PolicyOverrides, type RouteSpec, type UpstreamSpec } from './harness.js';
import { RecordLog } from './record-log.js';

/** The upstreams of a rig with one OpenAI upstream and one key the mock issued. */
export function oneOpenaiUpstream(mock: RunningMock): UpstreamSpec[] {
  return [{ name: 'openai', provider: 'openai', keys: [mock.issueKey('openai')] }];
}

/** A long random admin token, as an operator would make one (`openssl rand -hex 24`). */
export function newAdminToken(): string {
  return randomBytes(24).toString('hex');
}

export interface OpsRigOptions {
  /** The upstreams, built once the mock runs (its keys are issued here). */
  upstreams(mock: RunningMock): UpstreamSpec[];
  routes?: RouteSpec[];
  policies?: PolicyOverrides;
  limits?: LimitOverrides;
  mock?: MockOptions;
  /** Operations settings over the harness's (temp data folder, log silent, usage flushed every 50 ms). */
  operations?: Partial<GatewayOperations>;
  /** Where the request log goes (the gateway's `logDestination`). */
  logDestination?: NodeJS.WritableStream;
}

/**
 * A mock and a gateway in front of it with the operating features on, plus what the tests watch: the
 * request records (`records`) and the calls the client gate admitted (`admitted`). The data folder is
 * kept across `restartGateway()` and removed by `close()`.
 */
export interface OpsRig {
  mock: RunningMock;
  gateway: RunningGateway;
  config: GatewayConfig;
  records: RecordLog;
  admitted: GatewayCall[];
  /** Closes the gateway (its last usage rows written) and starts a new one on the same config and data folder. */
  restartGateway(): Promise<RunningGateway>;
  /** Closes the gateway only (the mock keeps running, the data folder stays until `close()`). */
  closeGateway(): Promise<void>;
  close(): Promise<void>;
}

export async function startOpsRig(options: OpsRigOptions): Promise<OpsRig> {
  const mock = await startMock({ ...options.mock, port: 0 });
  const base = gatewayConfig(mock, options.upstreams(mock), options.routes ?? [], options.policies ?? {}, options.limits);
  // The harness made a data folder of its own; one of ours replaces it so both are never left behind
  rmSync(base.operations.dataDir, { recursive: true, force: true });
  const config: GatewayConfig = {
    ...base,
    operations: { ...base.operations, dataDir: mkdtempSync(join(tmpdir(), 'llmdoctor-ops-')), ...options.operations },
  };
  const records = new RecordLog();
  const admitted: GatewayCall[] = [];
  const hooks: GatewayHooks = {
    onRecord: records.onRecord,
    admit: (_req, _res, call) => {
      admitted.push(call);
      return true;
    },
  };
  const start = () => startGateway({ config, hooks, logDestination: options.logDestination });
  let gateway: RunningGateway;
  try {
    gateway = await start();
  } catch (error) {
    await mock.close();
    rmSync(config.operations.dataDir, { recursive: true, force: true });
    throw error;
  }
  let closed = false;
  let gatewayOpen = true;
  const rig: OpsRig = {
    mock,
    gateway,
    config,
    records,
    admitted,
    restartGateway: async () => {
      await rig.closeGateway();
      rig.gateway = await start();
      gatewayOpen = true;
      return rig.gateway;
    },
    closeGateway: async () => {
      if (!gatewayOpen) return;
      gatewayOpen = false;
      await rig.gateway.close();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await rig.closeGateway();
      await mock.close();
      rmSync(config.operations.dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}

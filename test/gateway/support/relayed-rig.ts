import { rmSync } from 'node:fs';
import type { GatewayConfig } from '../../../src/gateway/config/types.js';
import type { GatewayHooks } from '../../../src/gateway/server/gateway-server.js';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway.js';
import type { MockOptions } from '../../../src/mock/options.js';
import { startMock, type RunningMock } from '../../../src/mock/start-mock.js';
import type { UpstreamProvider } from '../../../src/providers/wire.js';
import { startRecordingRelay, type RecordingRelay } from './recording-relay.js';

export interface RelayedRig {
  mock: RunningMock;
  /** Between the gateway and the mock: records the bodies the gateway sent. */
  relay: RecordingRelay;
  gateway: RunningGateway;
  close(): Promise<void>;
}

/** The base URL of a provider's API on the relay (the mock's paths, the relay's origin). */
export function relayBaseUrl(relay: RecordingRelay, mock: RunningMock, provider: UpstreamProvider): string {
  const mockUrl = provider === 'anthropic' ? mock.baseUrls.anthropic : provider === 'gemini' ? mock.baseUrls.gemini : mock.baseUrls.openai;
  return relay.url + mockUrl.slice(mock.url.length);
}

/** A mock, a recording relay in front of it, and a gateway whose upstreams point at the relay (`build` sets their baseUrl with `relayBaseUrl`). */
export async function startRelayedRig(build: (mock: RunningMock, relay: RecordingRelay) => GatewayConfig, hooks?: GatewayHooks, mockOptions: MockOptions = {}): Promise<RelayedRig> {
  const mock = await startMock({ ...mockOptions, port: 0 });
  const relay = await startRecordingRelay(mock.url);
  const config = build(mock, relay);
  const gateway = await startGateway({ config, hooks });
  return {
    mock,
    relay,
    gateway,
    close: async () => {
      await gateway.close();
      await relay.close();
      await mock.close();
      rmSync(config.operations.dataDir, { recursive: true, force: true });
    },
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScenarioName } from '../core/scenarios.js';
import type { SimulatedProviderId } from '../providers/simulator.js';
import type { Attempt } from './attempts.js';
import { MockState } from './mock-state.js';
import { resolveMockOptions, type MockOptions } from './options.js';
import { handleRequest } from './request-handler.js';

export interface RunningMock {
  url: string;
  baseUrls: { openai: string; anthropic: string; gemini: string };
  /**
   * A fresh key in the provider's real format; with a scenario, every request with it plays that scenario.
   * `project` (default: the one default project, shared by every key that names none and the listed keys) is
   * where what it stores lives: OpenAI's stored responses and conversations are found only with keys of the same project.
   */
  issueKey(provider: SimulatedProviderId, scenario?: ScenarioName | `${ScenarioName}:${string}`, options?: { project?: string }): string;
  /** Every request seen, oldest first (bounded). */
  attempts(): Attempt[];
  /** Forgets issued keys, rate buckets, attempts and stored objects (responses, conversations). */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the provider simulator on 127.0.0.1 (a free port unless one is given). */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const state = new MockState(resolveMockOptions(options));
  const server = createServer({ keepAlive: true }, (req, res) => {
    handleRequest(state, req, res).catch((error: unknown) => {
      // A bug in the mock must not look like a provider answer
      if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`llmdoctor mock failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await listen(server, state.options.host, state.options.port);
  const { port } = server.address() as AddressInfo;
  const host = state.options.host.includes(':') ? `[${state.options.host}]` : state.options.host;
  const url = `http://${host}:${port}`;
  return {
    url,
    baseUrls: { openai: `${url}/openai/v1`, anthropic: `${url}/anthropic`, gemini: `${url}/gemini` },
    issueKey: (provider, scenario, options) => state.issueKey(provider, scenario ?? null, options?.project),
    attempts: () => state.attempts.list(),
    reset: () => state.reset(),
    close: () => close(server),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Held connections (timeout, stream_stall) never end by themselves
    server.closeAllConnections();
  });
}

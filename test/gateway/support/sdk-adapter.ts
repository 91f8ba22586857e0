import type { RunningMock } from '../../../src/mock/start-mock.js';
import type { SimulatedProviderId } from '../../../src/providers/simulator.js';
import type { Caller, ErrorClass } from './call-outcome.js';

/** One provider's official SDK as the shared end-to-end suites drive it. */
export interface SdkAdapter {
  provider: SimulatedProviderId;
  /** A model the mock serves, used by both targets of a route (so their answers are the same). */
  model: string;
  /** The generating call through the gateway; `model` is then a route name. */
  throughGateway(gatewayUrl: string): Caller;
  /** The same call straight to the mock with `key`: the reference answer or refusal. */
  direct(mock: RunningMock, key: string): Caller;
  /** The class the SDK raises for an HTTP status. */
  errorClass(status: number): ErrorClass;
}

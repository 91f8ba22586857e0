import { ANTHROPIC_SIMULATOR } from './anthropic/simulator.js';
import { GEMINI_SIMULATOR } from './gemini/simulator.js';
import { OPENAI_SIMULATOR } from './openai/simulator.js';
import type { ProviderSimulator, SimulatedProviderId } from './simulator.js';

export const SIMULATORS: Readonly<Record<SimulatedProviderId, ProviderSimulator>> = {
  openai: OPENAI_SIMULATOR,
  anthropic: ANTHROPIC_SIMULATOR,
  gemini: GEMINI_SIMULATOR,
};

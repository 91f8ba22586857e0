import { ANTHROPIC_PROBE } from '../../providers/anthropic/probe.js';
import { ANTHROPIC_SUPPORTED_REGIONS } from '../../providers/anthropic/regions.js';
import { GEMINI_PROBE } from '../../providers/gemini/probe.js';
import { GEMINI_SUPPORTED_REGIONS } from '../../providers/gemini/regions.js';
import { OPENAI_PROBE } from '../../providers/openai/probe.js';
import { OPENAI_SUPPORTED_REGIONS } from '../../providers/openai/regions.js';
import type { DoctorProvider } from '../types.js';
import type { ProviderProbe } from '../../providers/probe.js';
import type { SupportedRegions } from '../../providers/regions.js';

/** Each provider's probe knowledge and supported-country list, checked against the shapes the API checks use. */
export const API_PROVIDERS: Readonly<Record<DoctorProvider, { probe: ProviderProbe; regions: SupportedRegions }>> = {
  openai: { probe: OPENAI_PROBE, regions: OPENAI_SUPPORTED_REGIONS },
  anthropic: { probe: ANTHROPIC_PROBE, regions: ANTHROPIC_SUPPORTED_REGIONS },
  gemini: { probe: GEMINI_PROBE, regions: GEMINI_SUPPORTED_REGIONS },
};

/**
 * The models of `--model` that concern this provider: the ones whose names are its own, and the ones
 * no provider claims (a relay's or gateway's own model names), which every provider checks.
 */
export function modelsFor(provider: DoctorProvider, models: readonly string[]): string[] {
  const probes = Object.values(API_PROVIDERS).map((entry) => entry.probe);
  return models.filter((model) => model.trim() !== '' && (API_PROVIDERS[provider].probe.claimsModel(model) || !probes.some((probe) => probe.claimsModel(model))));
}

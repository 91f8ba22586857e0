import { ANTHROPIC_ENVIRONMENT } from '../../providers/anthropic/environment.js';
import { GEMINI_ENVIRONMENT } from '../../providers/gemini/environment.js';
import { OPENAI_ENVIRONMENT } from '../../providers/openai/environment.js';
import type { DoctorProvider } from '../types.js';

/** The shape of each provider's environment knowledge (the data lives under src/providers/). */
export interface ProviderEnvironment {
  provider: DoctorProvider;
  name: string;
  sdk: string;
  keyVars: readonly string[];
  bothKeysWarning: string | null;
  baseUrlVars: readonly string[];
  extraBaseUrlVars: readonly string[];
  organizationVar: string | null;
  projectVar: string | null;
  ignoredVars: readonly { name: string; useInstead: string; readBy: string }[];
  modeVars: readonly string[];
  defaultBaseUrl: string;
  ownHosts: readonly string[];
  ownBasePath: string;
  appendedPaths: readonly string[];
  addedVersions: readonly string[];
  compatibleBasePath: string;
  examplePath: string;
  keysPage: string;
}

export const PROVIDER_ENVIRONMENTS: Readonly<Record<DoctorProvider, ProviderEnvironment>> = {
  openai: OPENAI_ENVIRONMENT,
  anthropic: ANTHROPIC_ENVIRONMENT,
  gemini: GEMINI_ENVIRONMENT,
};

export const DOCTOR_PROVIDERS: readonly DoctorProvider[] = ['openai', 'anthropic', 'gemini'];

/** Every variable of one provider whose sources are worth reporting, key variables first. */
export function trackedVars(env: ProviderEnvironment): string[] {
  return [
    ...env.keyVars,
    ...env.baseUrlVars,
    ...env.extraBaseUrlVars,
    ...(env.organizationVar ? [env.organizationVar] : []),
    ...(env.projectVar ? [env.projectVar] : []),
  ];
}

import { trackedVars, type ProviderEnvironment } from './provider-environments.js';
import { placeOf, type VarSource } from './sources.js';

/**
 * Which value of each variable a program would see, and which the SDK then uses. Layers are ordered
 * highest precedence first: a process environment, then files. dotenv never overrides a variable that
 * is already set, even to an empty string, so the first layer that defines a variable wins.
 */

export interface Occurrence {
  source: VarSource;
  value: string;
  /** `environment OPENAI_API_KEY`, `.env line 3`. */
  place: string;
}

export interface VarResolution {
  name: string;
  /** Every layer that defines it, highest precedence first. */
  occurrences: Occurrence[];
  winner: Occurrence | null;
}

export interface Chosen {
  name: string;
  occurrence: Occurrence;
}

export interface ProviderResolution {
  env: ProviderEnvironment;
  /** Label of the view: `this shell` or `process 1234`. */
  view: string;
  vars: Map<string, VarResolution>;
  /** The credential the SDK uses: the first key variable whose value is not blank. */
  key: Chosen | null;
  /** The other key variables that are set (not blank), in the SDK's order. */
  otherKeys: Chosen[];
  /** The base-URL variable in effect (SDK variables first, then those only llmdoctor honours). */
  baseUrl: Chosen | null;
  organization: Occurrence | null;
  project: Occurrence | null;
}

export function resolveVar(name: string, layers: readonly VarSource[]): VarResolution {
  const occurrences = layers.flatMap((source) => {
    const found = source.vars.get(name);
    return found === undefined ? [] : [{ source, value: found.value, place: placeOf(source, name) }];
  });
  return { name, occurrences, winner: occurrences[0] ?? null };
}

export function resolveProvider(env: ProviderEnvironment, layers: readonly VarSource[], view: string): ProviderResolution {
  const vars = new Map(trackedVars(env).map((name) => [name, resolveVar(name, layers)]));
  const setVars = (names: readonly string[]): Chosen[] =>
    names.flatMap((name) => {
      const winner = vars.get(name)?.winner;
      // The SDKs read variables trimmed, and a blank value counts as unset.
      return winner && winner.value.trim() !== '' ? [{ name, occurrence: winner }] : [];
    });
  const keys = setVars(env.keyVars);
  const winnerOf = (name: string | null): Occurrence | null => (name ? (vars.get(name)?.winner ?? null) : null);
  return {
    env,
    view,
    vars,
    key: keys[0] ?? null,
    otherKeys: keys.slice(1),
    baseUrl: setVars([...env.baseUrlVars, ...env.extraBaseUrlVars])[0] ?? null,
    organization: winnerOf(env.organizationVar),
    project: winnerOf(env.projectVar),
  };
}

/** Whether anything of this provider is configured in the view: a key or a base URL. */
export function isConfigured(resolution: ProviderResolution): boolean {
  return resolution.key !== null || resolution.baseUrl !== null;
}

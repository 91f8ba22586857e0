import type { Finding } from '../types.js';
import { finding, listWords } from './finding.js';
import { precedenceReason } from './key-report.js';
import { resolveVar, type Chosen, type ProviderResolution } from './resolve.js';
import { fingerprintOf, showValue } from './show.js';
import type { VarSource } from './sources.js';

/**
 * `env.conflict`: configurations that look right in one place and are something else in effect — a
 * `.env` value shadowed by the environment, two credential variables at once, variables the SDK never
 * reads, a switch that sends the SDK to another backend.
 */

/** `skipKeyShadow`: a finding about the running service already says its key differs from the file's. */
export function conflictFindings(resolution: ProviderResolution, layers: readonly VarSource[], skipKeyShadow = false): Finding[] {
  return [
    ...shadowedByEnvironment(resolution).filter((f) => !(skipKeyShadow && resolution.env.keyVars.some((name) => f.title.startsWith(`${name} in `)))),
    ...severalKeys(resolution),
    ...ignoredVariables(resolution, layers),
    ...modeSwitches(resolution, layers),
  ];
}

/** A file sets a variable, but a non-blank environment value with different content wins. */
function shadowedByEnvironment(resolution: ProviderResolution): Finding[] {
  const { env } = resolution;
  const secret = new Set(env.keyVars);
  return [...resolution.vars.values()].flatMap((v) => {
    const winner = v.winner;
    if (winner === null || winner.source.kind !== 'environment' || winner.value.trim() === '') return [];
    const differing = v.occurrences.slice(1).filter((o) => o.source.kind !== 'environment' && o.value.trim() !== winner.value.trim());
    if (differing.length === 0) return [];
    const isKey = secret.has(v.name);
    const shown = (value: string): string => showValue(value, isKey);
    const detail = [
      `${winner.place}: ${shown(winner.value)}  <- in effect`,
      ...differing.map((o) => `${o.place}: ${shown(o.value)}  (ignored: ${precedenceReason(winner, o)})`),
      `Editing ${listWords(differing.map((o) => o.source.label))} changes nothing while ${v.name} is set in the environment.`,
    ].join('\n');
    const what = isKey ? 'a different key' : 'a different value';
    return [
      finding(env.provider, 'env.conflict', 'warn', `${v.name} in ${differing[0]?.place} is shadowed by the environment (${what})`, detail, {
        fixes: [
          winner.source.label === 'environment'
            ? `If the file holds the value you mean, remove ${v.name} from the environment: \`unset ${v.name}\` in this shell, and look for it in ~/.bashrc, ~/.zshrc, ~/.profile, /etc/environment, the systemd unit or docker-compose \`environment:\`.`
            : `If the file holds the value you mean, remove ${v.name} from where the service gets its environment (systemd Environment=, docker-compose environment:, pm2 ecosystem file), then restart it.`,
          `Or make the file win on purpose: \`dotenv.config({ override: true })\`; Node's own \`--env-file\` does not override the environment either.`,
        ],
      }),
    ];
  });
}

function severalKeys(resolution: ProviderResolution): Finding[] {
  const { env, key, otherKeys } = resolution;
  if (key === null || otherKeys.length === 0 || env.bothKeysWarning === null) return [];
  const all: Chosen[] = [key, ...otherKeys];
  const distinct = new Set(all.map((c) => fingerprintOf(c.occurrence.value))).size > 1;
  // Gemini's two variables are the same credential: only a difference matters. Anthropic's are two kinds.
  if (!distinct && env.provider === 'gemini') return [];
  const names = listWords(all.map((c) => c.name));
  const detail = [
    ...all.map((c) => `${c.name} (${c.occurrence.place}): ${showValue(c.occurrence.value, true)}${c === key ? '  <- used' : '  (ignored)'}`),
    `${env.sdk} takes ${key.name} and prints: "${env.bothKeysWarning}"`,
    distinct ? 'The values differ: whichever you updated last may not be the one in use.' : 'The values are the same key.',
  ].join('\n');
  const unused = otherKeys.map((c) => c.name);
  return [
    finding(env.provider, 'env.conflict', 'warn', `${names} are both set${distinct ? ' and differ' : ''}: ${env.sdk} uses ${key.name}`, detail, {
      fixes: [
        `Keep one: unset ${listWords(unused)} if ${key.name} holds the key you mean, otherwise unset ${key.name}.`,
        ...(env.provider === 'anthropic'
          ? ['ANTHROPIC_AUTH_TOKEN is for gateways that take a bearer token; an API key (sk-ant-api03-…) belongs in ANTHROPIC_API_KEY alone.']
          : []),
      ],
    }),
  ];
}

function ignoredVariables(resolution: ProviderResolution, layers: readonly VarSource[]): Finding[] {
  const { env } = resolution;
  return env.ignoredVars.flatMap((ignored) => {
    const found = resolveVar(ignored.name, layers).winner;
    if (found === null || found.value.trim() === '') return [];
    const secret = env.keyVars.includes(ignored.useInstead);
    const used = resolution.vars.get(ignored.useInstead)?.winner;
    const effect = used
      ? `${ignored.useInstead} is set too (${used.place}), and that is what the SDK uses.`
      : `${ignored.useInstead} is not set, so the SDK falls back to its default.`;
    return [
      finding(env.provider, 'env.conflict', 'warn', `${ignored.name} is set, but ${env.sdk} never reads it (it reads ${ignored.useInstead})`, `${found.place}: ${showValue(found.value, secret)}. ${ignored.name} is read by ${ignored.readBy}. ${effect}`, {
        fixes: [`Rename ${ignored.name} to ${ignored.useInstead} (keep both only if another tool still needs the old name).`],
      }),
    ];
  });
}

function modeSwitches(resolution: ProviderResolution, layers: readonly VarSource[]): Finding[] {
  const { env } = resolution;
  // The first switch that is set decides (GOOGLE_GENAI_USE_ENTERPRISE wins over GOOGLE_GENAI_USE_VERTEXAI).
  const decisive = env.modeVars.map((name) => ({ name, found: resolveVar(name, layers).winner })).find((m) => m.found !== null);
  if (decisive?.found == null || decisive.found.value.trim().toLowerCase() !== 'true') return [];
  const { name, found } = decisive;
  return [
    finding(env.provider, 'env.conflict', 'warn', `${name}=true: ${env.sdk} calls Vertex AI, not the Gemini API`, `${found.place}. With it, the SDK leaves the Gemini API checked here and calls Vertex AI with Google Cloud credentials (GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION, Application Default Credentials).`, {
      fixes: [`Unset ${name} to use the Gemini API with ${listWords(env.keyVars)}; keep it only if you mean Vertex AI.`],
    }),
  ];
}

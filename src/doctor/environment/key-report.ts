import type { Finding } from '../types.js';
import type { ContainerInfo } from './container.js';
import { finding, listWords } from './finding.js';
import type { Occurrence, ProviderResolution, VarResolution } from './resolve.js';
import { showValue } from './show.js';
import type { LookedAt } from './sources.js';

/**
 * `env.keys`: where each of a provider's variables was found, masked, which value wins and why; or the
 * `key_missing` failure that lists every place looked at.
 */

export interface ViewFacts {
  resolution: ProviderResolution;
  looked: readonly LookedAt[];
  container: ContainerInfo;
  /** The running service whose environment this view is, if any. */
  pid: number | null;
  cwd: string;
  /** Variables set in this view that the SDK never reads (see ProviderEnvironment.ignoredVars). */
  ignoredSet: readonly string[];
}

export function keysFinding(facts: ViewFacts): Finding {
  const { resolution } = facts;
  const { env, key } = resolution;
  if (key === null) return missingKeyFinding(facts);
  const kept = resolution.otherKeys.map((other) => other.name);
  const why =
    kept.length > 0
      ? ` ${env.sdk} uses ${key.name} when ${listWords(kept)} ${kept.length > 1 ? 'are' : 'is'} set too.`
      : '';
  const detail = [
    `${resolution.view}: ${env.sdk} would use ${key.name} from ${key.occurrence.place}.${why}`,
    ...sourcesLines(resolution),
    lookedLine(facts.looked),
  ].join('\n');
  const from = key.occurrence.source.kind === 'environment' ? key.occurrence.place : `${key.occurrence.place} (${key.name})`;
  return finding(env.provider, 'env.keys', 'pass', `${env.name} key from ${from}: ${showValue(key.occurrence.value, true)}`, detail);
}

/** One block per variable found: each place, its value (masked when secret), which one is used. */
function sourcesLines(resolution: ProviderResolution): string[] {
  const secret = new Set(resolution.env.keyVars);
  const usedKey = resolution.key?.name;
  const mark = (name: string): string => {
    if (!secret.has(name) || name === usedKey) return '  <- used';
    return usedKey ? `  <- set, but the SDK uses ${usedKey}` : '  <- blank, so unset for the SDK';
  };
  return [...resolution.vars.values()]
    .filter((v) => v.occurrences.length > 0)
    .flatMap((v) => [
      `${v.name}:`,
      ...v.occurrences.map((o, i) => `  ${o.place}: ${showValue(o.value, secret.has(v.name))}${i === 0 ? mark(v.name) : `  (shadowed: ${precedenceReason(v.occurrences[0] as Occurrence, o)})`}`),
    ]);
}

export function precedenceReason(winner: Occurrence, loser: Occurrence): string {
  if (winner.source.kind === 'environment' && loser.source.kind !== 'environment') {
    return `the process environment wins over files: dotenv never overrides a variable that is already set`;
  }
  if (winner.source.kind === 'env-file') return `the --env-file ranks above the working directory's .env files`;
  return `${winner.source.label} ranks above ${loser.source.label} (Next.js/dotenv-flow order; plain dotenv reads only .env)`;
}

export function lookedLine(looked: readonly LookedAt[]): string {
  const parts = looked.map((l) => (l.found ? l.place : `${l.place} (${l.error ? `unreadable: ${l.error}` : 'absent'})`));
  return `Looked at: ${parts.join('; ')}.`;
}

function missingKeyFinding(facts: ViewFacts): Finding {
  const { resolution, container, pid, cwd } = facts;
  const { env } = resolution;
  const blank = env.keyVars.map((name) => resolution.vars.get(name)).filter(isBlankWinner);
  const main = env.keyVars[0] as string;
  const detail = [
    `${resolution.view}: none of ${listWords(env.keyVars)} has a value, so ${env.sdk} has no key${resolution.baseUrl ? ` (${resolution.baseUrl.name} is set, so the app is configured for ${env.name})` : ''}.`,
    ...blank.map((v) => blankLine(v)),
    ...sourcesLines(resolution),
    lookedLine(facts.looked),
  ].join('\n');
  const fixes: string[] = [];
  for (const v of blank) {
    fixes.push(
      `Remove the empty ${v.name} from the environment that starts the app (an empty \`${v.name}=\` line, or docker-compose \`${v.name}: \${${v.name}}\` while the host variable is unset)${v.occurrences.length > 1 ? ', so that the value in the file is loaded' : ''}.`,
    );
  }
  if (pid !== null) {
    fixes.push(`Set ${main} where process ${pid} gets its environment (systemd Environment=/EnvironmentFile=, docker-compose environment:, the pm2 ecosystem file, the shell that started it), then restart it.`);
  }
  fixes.push(`Create a key at ${env.keysPage} and set it: \`export ${main}=<key>\`, or a \`${main}=<key>\` line in ${cwd}/.env.`);
  if (container.inContainer) {
    fixes.push(`This runs in a container (${container.runtime ?? 'container'}): the host's shell variables and .env do not reach it unless passed: \`docker run -e ${main}\` or \`--env-file\`, compose \`environment:\`/\`env_file:\`, a Kubernetes Secret.`);
  }
  const ignored = env.ignoredVars.filter((v) => env.keyVars.includes(v.useInstead) && facts.ignoredSet.includes(v.name));
  for (const v of ignored) fixes.push(`Rename ${v.name} to ${v.useInstead}: ${env.sdk} does not read ${v.name}.`);
  return finding(env.provider, 'env.keys', 'fail', `No ${env.name} key: ${listWords(env.keyVars)} ${env.keyVars.length > 1 ? 'are' : 'is'} not set`, detail, {
    category: 'key_missing',
    fixes,
  });
}

function isBlankWinner(v: VarResolution | undefined): v is VarResolution {
  return v?.winner !== null && v?.winner !== undefined && v.winner.value.trim() === '';
}

function blankLine(v: VarResolution): string {
  const winner = v.winner as Occurrence;
  const hidden = v.occurrences.slice(1).filter((o) => o.value.trim() !== '');
  const shadow = hidden.length > 0 ? `; being set, it keeps dotenv from loading ${listWords(hidden.map((o) => o.place))}` : '';
  return `${v.name} is set but ${winner.value === '' ? 'empty' : 'blank'} in ${winner.place}${shadow}.`;
}

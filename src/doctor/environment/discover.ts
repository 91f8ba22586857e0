import { performance } from 'node:perf_hooks';
import { resolve as resolvePath } from 'node:path';
import type { DoctorOptions, DoctorProvider, Finding, ProviderTarget } from '../types.js';
import { azureFinding } from './azure.js';
import { conflictFindings } from './conflicts.js';
import { containerFinding } from './container-finding.js';
import { detectContainer, type ContainerInfo } from './container.js';
import { finding, listWords } from './finding.js';
import { keysFinding, lookedLine } from './key-report.js';
import { DOCTOR_PROVIDERS, PROVIDER_ENVIRONMENTS } from './provider-environments.js';
import { isConfigured, resolveProvider, resolveVar, type Chosen, type ProviderResolution } from './resolve.js';
import { isProcessReadError, readRunningProcess, type ProcessReadError, type RunningProcess } from './running-process.js';
import { serviceDriftFindings, serviceKeyDiffers } from './service-drift.js';
import { environmentSource, readDotenvFamily, readVarFile, type LookedAt, type VarSource } from './sources.js';

/**
 * Which key and base URL each provider really uses, and the findings about where they come from.
 * Views: this shell (its environment, then `--env-file`, then the `.env` family of the working
 * directory) and, with `--pid`, the running service (its environment, then the `.env` family of its
 * own working directory). With `--pid` the targets are the service's: it is the one failing.
 */

interface View {
  label: string;
  layers: VarSource[];
  looked: LookedAt[];
  cwd: string;
  pid: number | null;
}

export async function discoverTargets(options: DoctorOptions): Promise<{ targets: ProviderTarget[]; findings: Finding[] }> {
  const started = performance.now();
  const [shell, service, container] = await Promise.all([
    readShellView(options),
    options.pid !== null ? readServiceView(options.fsRoot, options.pid) : Promise.resolve(null),
    detectContainer(options.fsRoot, options.env),
  ]);
  const findings: Finding[] = [...shell.problems];
  if (service !== null && 'error' in service) findings.push(processReadFinding(service.error, options));
  const running = service !== null && 'view' in service ? service : null;
  const used = running?.view ?? shell.view;

  const targets: ProviderTarget[] = [];
  const resolutions: ProviderResolution[] = [];
  for (const provider of providersInScope(options)) {
    const env = PROVIDER_ENVIRONMENTS[provider];
    const here = resolveProvider(env, shell.view.layers, shell.view.label);
    const resolution = running ? resolveProvider(env, running.view.layers, running.view.label) : here;
    const requested = options.providers !== null;
    const configured = isConfigured(resolution) || (running !== null && isConfigured(here));
    // Azure's variables belong to another client (AzureOpenAI); they are reported whether or not OpenAI's are set.
    const azure = provider === 'openai' ? azureFinding(used.layers) : null;
    if (!configured && !requested) {
      findings.push(notConfiguredFinding(resolution, used), ...(azure ? [azure] : []));
      continue;
    }
    resolutions.push(resolution);
    if (isConfigured(resolution)) targets.push(toTarget(resolution));
    findings.push(keysFinding(factsOf(resolution, used, container)));
    const drift = running ? serviceDriftFindings(here, resolution, running.process) : [];
    const keyDrift = running !== null && serviceKeyDiffers(here, resolution);
    findings.push(...conflictFindings(resolution, used.layers, keyDrift), ...drift);
    if (azure) findings.push(azure);
  }
  findings.push(containerFinding(container, resolutions));
  const durationMs = Math.round(performance.now() - started);
  return { targets, findings: findings.map((f) => ({ ...f, durationMs })) };
}

function providersInScope(options: DoctorOptions): DoctorProvider[] {
  return options.providers === null ? [...DOCTOR_PROVIDERS] : DOCTOR_PROVIDERS.filter((p) => options.providers?.includes(p));
}

function toTarget(resolution: ProviderResolution): ProviderTarget {
  const { env, key, baseUrl } = resolution;
  const nonBlank = (value: string | undefined): string | null => (value !== undefined && value.trim() !== '' ? value.trim() : null);
  return {
    provider: env.provider,
    key: key?.occurrence.value ?? null,
    keySource: key ? sourceOf(key) : null,
    baseUrl: baseUrl?.occurrence.value ?? env.defaultBaseUrl,
    baseUrlSource: baseUrl ? sourceOf(baseUrl) : 'default',
    organization: nonBlank(resolution.organization?.value),
    project: nonBlank(resolution.project?.value),
  };
}

/** `environment OPENAI_API_KEY`, `.env line 3 (OPENAI_API_KEY)`: the place, always with the variable's name. */
function sourceOf(chosen: Chosen): string {
  const { place, source } = chosen.occurrence;
  return source.kind === 'environment' ? place : `${place} (${chosen.name})`;
}

function factsOf(resolution: ProviderResolution, view: View, container: ContainerInfo) {
  const ignoredSet = resolution.env.ignoredVars
    .map((v) => v.name)
    .filter((name) => (resolveVar(name, view.layers).winner?.value.trim() ?? '') !== '');
  return { resolution, looked: view.looked, container, pid: view.pid, cwd: view.cwd, ignoredSet };
}

async function readShellView(options: DoctorOptions): Promise<{ view: View; problems: Finding[] }> {
  const problems: Finding[] = [];
  const layers: VarSource[] = [environmentSource(options.env, 'environment')];
  const looked: LookedAt[] = [{ place: 'the environment of this shell', found: true }];
  if (options.envFile !== null) {
    const path = resolvePath(options.cwd, options.envFile);
    const read = await readVarFile(path, 'env-file', `--env-file ${path}`);
    looked.push(read.looked);
    if (read.source) layers.push(read.source);
    else problems.push(envFileFinding(path, read.looked));
  }
  const family = await readDotenvFamily(options.cwd, options.env['NODE_ENV']);
  layers.push(...family.sources);
  looked.push(...family.looked);
  return { view: { label: 'this shell', layers, looked, cwd: options.cwd, pid: null }, problems };
}

async function readServiceView(fsRoot: string, pid: number): Promise<{ view: View; process: RunningProcess } | { error: ProcessReadError }> {
  const proc = await readRunningProcess(fsRoot, pid);
  if (isProcessReadError(proc)) return { error: proc };
  const label = `process ${pid}`;
  const layers: VarSource[] = [environmentSource(proc.environ, `${label} environment`)];
  const looked: LookedAt[] = [{ place: `the environment of ${label} (/proc/${pid}/environ)`, found: true }];
  if (proc.cwd !== null) {
    const family = await readDotenvFamily(proc.cwd, proc.environ['NODE_ENV'], `${proc.cwd}/`);
    layers.push(...family.sources);
    looked.push(...family.looked);
  }
  return { view: { label, layers, looked, cwd: proc.cwd ?? '.', pid }, process: proc };
}

function notConfiguredFinding(resolution: ProviderResolution, view: View): Finding {
  const { env } = resolution;
  return finding(env.provider, 'env.keys', 'skip', `${env.name}: no key or base URL set, not checked`, `None of ${listWords([...env.keyVars, ...env.baseUrlVars])} is set (${view.label}).\n${lookedLine(view.looked)}`, {
    fixes: [`To check ${env.name}, set ${env.keyVars[0]} (keys at ${env.keysPage}) or run with --provider ${env.provider}.`],
  });
}

function envFileFinding(path: string, looked: LookedAt): Finding {
  return finding('machine', 'env.keys', 'fail', `--env-file ${path} could not be read`, looked.error ? `Reading it failed: ${looked.error}.` : 'No such file.', {
    fixes: ['Give the path of the env file the service is started with (relative paths are taken from the working directory).'],
  });
}

function processReadFinding(error: ProcessReadError, options: DoctorOptions): Finding {
  const fixes =
    error.reason === 'permission'
      ? [`Run llmdoctor as the service's user (\`sudo -u <user> llmdoctor check --pid ${error.pid}\`) or as root.`]
      : error.reason === 'not_found'
        ? [
            `Check the id with \`pgrep -af node\` or \`systemctl show -p MainPID <service>\`.`,
            `A process in a container has another id inside it: run llmdoctor there (\`docker exec <container> npx llmdoctor check\`).`,
          ]
        : [];
  return finding('machine', 'env.keys', error.reason === 'permission' ? 'warn' : 'fail', `Cannot read the environment of process ${error.pid}`, `${error.message}. The targets below use this shell's configuration instead (${options.cwd}).`, { fixes });
}

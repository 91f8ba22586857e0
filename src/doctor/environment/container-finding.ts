import type { Finding } from '../types.js';
import type { ContainerInfo } from './container.js';
import { finding } from './finding.js';
import type { ProviderResolution } from './resolve.js';
import { showKey } from './show.js';

/**
 * `env.container`: whether this runs in a container. Inside one, the keys are the container's own, and
 * the first question is whether they are the keys the host has: fingerprints answer it without showing them.
 */
export function containerFinding(container: ContainerInfo, resolutions: readonly ProviderResolution[]): Finding {
  if (!container.inContainer) {
    return finding('machine', 'env.container', 'pass', 'Not in a container', `Checked ${container.checked.join(', ')}: no container marker.`);
  }
  const keys = resolutions.flatMap((r) => (r.key ? [`${r.key.name} ${showKey(r.key.occurrence.value)} from ${r.key.occurrence.place}`] : []));
  const firstVar = resolutions.find((r) => r.key)?.key?.name ?? 'OPENAI_API_KEY';
  const detail = [
    `In ${containerName(container.runtime)}: ${container.evidence.join('; ')}.`,
    keys.length > 0 ? `Keys seen inside it: ${keys.join('; ')}.` : 'No provider key is set inside it.',
    `Compare these fingerprints with the host's: run \`llmdoctor check --offline\` on the host, or \`printf %s "$${firstVar}" | sha256sum | cut -c1-6\` there (the fp is the first 6 hex digits of the key's SHA-256). A different fingerprint means the container has another key than the one you edited on the host.`,
    `Variables reach a container only through \`docker run -e/--env-file\`, compose \`environment:\`/\`env_file:\` or a Kubernetes Secret, and only when it is (re)created.`,
  ].join('\n');
  return finding('machine', 'env.container', 'pass', `Running in ${containerName(container.runtime)}: compare the key fingerprints with the host's`, detail);
}

/** `a Docker container`; `a container` when only generic markers name no runtime (runtime null or `a container`). */
function containerName(runtime: string | null): string {
  return runtime === null || runtime === 'a container' ? 'a container' : `a ${runtime} container`;
}

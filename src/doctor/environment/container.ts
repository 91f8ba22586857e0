import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Whether this process runs in a container, from the markers runtimes leave: Docker's /.dockerenv,
 * Podman's /run/.containerenv, container cgroup paths in /proc/1/cgroup, a root file system mounted
 * from a container store (/proc/self/mountinfo), and Kubernetes's service variables.
 */

export interface ContainerInfo {
  inContainer: boolean;
  /** `Docker`, `Podman`, `Kubernetes`, `containerd`, `LXC`, or `a container` when only generic markers say so. */
  runtime: string | null;
  /** What was seen, one line each. */
  evidence: string[];
  /** Every marker that was checked. */
  checked: string[];
}

const CGROUP_MARKERS: readonly [RegExp, string][] = [
  [/kubepods/, 'Kubernetes'],
  [/\/docker[/-]/, 'Docker'],
  [/libpod|podman/, 'Podman'],
  [/containerd|cri-containerd/, 'containerd'],
  [/\/lxc[/.]|lxc\.payload/, 'LXC'],
];

const MOUNT_MARKERS: readonly [RegExp, string][] = [
  [/\/var\/lib\/docker\/|\/docker\/containers\//, 'Docker'],
  [/\/var\/lib\/containers\/storage\//, 'Podman'],
  [/\/var\/lib\/kubelet\/pods\//, 'Kubernetes'],
  [/containerd\/io\.containerd/, 'containerd'],
];

export async function detectContainer(fsRoot: string, env: Readonly<Record<string, string | undefined>>): Promise<ContainerInfo> {
  const evidence: string[] = [];
  const runtimes: string[] = [];
  const note = (runtime: string, line: string): void => {
    runtimes.push(runtime);
    evidence.push(line);
  };

  const [dockerenv, containerenv, cgroup, mountinfo] = await Promise.all([
    exists(join(fsRoot, '.dockerenv')),
    readText(join(fsRoot, 'run', '.containerenv')),
    readText(join(fsRoot, 'proc', '1', 'cgroup')),
    readText(join(fsRoot, 'proc', 'self', 'mountinfo')),
  ]);
  if (dockerenv) note('Docker', '/.dockerenv exists');
  if (containerenv !== null) {
    const engine = /^engine="?([^"\n]+)"?$/m.exec(containerenv)?.[1];
    note('Podman', `/run/.containerenv exists${engine ? ` (engine ${engine})` : ''}`);
  }
  const cgroupHit = cgroup !== null ? firstMarker(cgroup, CGROUP_MARKERS) : null;
  if (cgroupHit) note(cgroupHit.runtime, `/proc/1/cgroup: ${cgroupHit.line}`);
  const rootMount = mountinfo !== null ? rootMountLine(mountinfo) : null;
  const mountHit = rootMount !== null ? firstMarker(rootMount, MOUNT_MARKERS) : null;
  if (mountHit) note(mountHit.runtime, `/proc/self/mountinfo: / is mounted from a ${mountHit.runtime} image store`);
  else if (rootMount !== null && / - overlay overlay /.test(rootMount)) note('a container', '/proc/self/mountinfo: / is an overlay file system');
  const k8s = env['KUBERNETES_SERVICE_HOST'];
  if (k8s) note('Kubernetes', `KUBERNETES_SERVICE_HOST=${k8s} is set`);

  const specific = runtimes.find((r) => r === 'Kubernetes') ?? runtimes.find((r) => r !== 'a container') ?? runtimes[0] ?? null;
  return {
    inContainer: evidence.length > 0,
    runtime: specific,
    evidence,
    checked: ['/.dockerenv', '/run/.containerenv', '/proc/1/cgroup', '/proc/self/mountinfo', 'KUBERNETES_SERVICE_HOST'],
  };
}

function firstMarker(text: string, markers: readonly [RegExp, string][]): { runtime: string; line: string } | null {
  for (const line of text.split('\n')) {
    for (const [pattern, runtime] of markers) if (pattern.test(line)) return { runtime, line: line.trim() };
  }
  return null;
}

/** The mountinfo line whose mount point (field 5) is `/`. */
function rootMountLine(mountinfo: string): string | null {
  return mountinfo.split('\n').find((line) => line.split(' ')[4] === '/') ?? null;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function readText(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

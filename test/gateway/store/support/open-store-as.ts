import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const CHILD = fileURLToPath(new URL('./open-store-child.ts', import.meta.url));

/** Who a child runs as: root ignores file modes, so a root test opens the store as `nobody`. */
export const runsAsRoot = process.getuid?.() === 0;
const NOBODY = 65_534;

export interface OpenOutcome {
  opened: boolean;
  name?: string;
  message?: string;
  path?: string | null;
}

/** Opens the store at `dataDir` in a child process, as `nobody` when this process is root. */
export function openStoreInChild(dataDir: string): OpenOutcome {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
    encoding: 'utf8',
    timeout: 30_000,
    ...(runsAsRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  if (result.status !== 0) throw new Error(`the child failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim()) as OpenOutcome;
}

/** Opens the store at `dataDir` from `count` child processes started together (as this user). */
export async function openStoreInChildrenAtOnce(dataDir: string, count: number): Promise<OpenOutcome[]> {
  const runs = Array.from({ length: count }, async () => {
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', CHILD, dataDir], { encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(stdout.trim()) as OpenOutcome;
  });
  return Promise.all(runs);
}

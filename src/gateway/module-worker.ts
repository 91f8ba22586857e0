import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` that sits beside `from` (the caller's import.meta.url). Built,
 * that module is a .js file Node loads itself. Run from the TypeScript sources (the tests run them through
 * tsx), a Node 20 worker inherits no loader and cannot import .ts: it registers tsx first.
 */
export function startModuleWorker(from: string, name: string, options: WorkerOptions): Worker {
  const fromSources = from.endsWith('.ts');
  const entry = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, from);
  if (!fromSources) return new Worker(entry, options);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

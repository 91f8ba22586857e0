// Opens a store in a child process (possibly as another user) and prints what happened as one JSON line.
import { openSqliteStore } from '../../../../src/gateway/store/sqlite-store.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: open-store-child.ts <dataDir>');
try {
  const store = openSqliteStore(dataDir);
  store.close();
  process.stdout.write(JSON.stringify({ opened: true }) + '\n');
} catch (error) {
  const { name, message } = error as Error;
  const path = (error as { path?: unknown }).path ?? null;
  process.stdout.write(JSON.stringify({ opened: false, name, message, path }) + '\n');
}

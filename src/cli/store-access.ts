import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chooseDataDir, type DataDirChoice } from '../gateway/config/data-dir.js';
import { GatewayConfigError } from '../gateway/config/types.js';
import { openSqliteStore, STORE_FILE } from '../gateway/store/sqlite-store.js';
import { StoreOpenError } from '../gateway/store/store-open-error.js';
import type { GatewayStore } from '../gateway/store/types.js';
import { UsageError } from './args.js';
import { CommandFailure } from './command-failure.js';

export interface StoreAccess {
  store: GatewayStore;
  /** Which folder, and why that one. */
  choice: DataDirChoice;
  /** Whether this command made the store (nothing was there before). */
  created: boolean;
}

/**
 * The store of `--data-dir`, LLMDOCTOR_DATA_DIR or the default folder, as the gateway finds its own.
 * Only `create` may start a new store: every other command reading an empty place would most likely be
 * looking at the wrong folder, and says so.
 */
export function openStoreFor(dataDirOption: string | undefined, mode: 'existing' | 'create'): StoreAccess {
  let choice: DataDirChoice;
  try {
    choice = chooseDataDir({ dataDir: dataDirOption });
  } catch (error) {
    if (error instanceof GatewayConfigError) throw new UsageError(error.message);
    throw error;
  }
  const file = join(choice.dataDir, STORE_FILE);
  const existed = existsSync(file);
  if (!existed && mode === 'existing') throw new CommandFailure(noStoreMessage(choice));
  try {
    return { store: openSqliteStore(choice.dataDir), choice, created: !existed };
  } catch (error) {
    if (error instanceof StoreOpenError) throw new CommandFailure(error.message);
    throw error;
  }
}

export function noStoreMessage(choice: DataDirChoice): string {
  const what = existsSync(choice.dataDir) ? `no store (${STORE_FILE}) in ${choice.dataDir}` : `no data folder at ${choice.dataDir}`;
  return (
    `${what} (from ${choice.from}). It must be the gateway's data folder (its startup banner shows it): ` +
    'pass --data-dir <folder>, or set LLMDOCTOR_DATA_DIR, to the folder the gateway uses (its --data-dir, data_dir or LLMDOCTOR_DATA_DIR). ' +
    'A new store is made by the gateway when it starts, or by llmdoctor keys create.'
  );
}

/** A note for `keys create` when it made a new store: a gateway using another folder would never see the key. */
export function newStoreNote(choice: DataDirChoice): string {
  return (
    `Started a new store in ${choice.dataDir} (from ${choice.from}): no store was there. ` +
    'The gateway must use this same folder (--data-dir, data_dir or LLMDOCTOR_DATA_DIR), or it will not know this key.'
  );
}

/** The store cannot be used: names the path and says what to do about it. */
export class StoreOpenError extends Error {
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}

const OTHER_FOLDER = 'set another data folder (--data-dir, data_dir in the config, or LLMDOCTOR_DATA_DIR)';
const FOLDER_FIX = `make it writable by the user running llmdoctor (chmod u+rwx), or ${OTHER_FOLDER}`;

export function folderNotUsable(dir: string, cause: unknown): StoreOpenError {
  const code = codeOf(cause);
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new StoreOpenError(dir, `The data folder ${dir} is not a folder (a file is in the way): move that file, or ${OTHER_FOLDER}.`, { cause });
  }
  return new StoreOpenError(dir, `The data folder ${dir} cannot be written${code ? ` (${code})` : ''}: ${FOLDER_FIX}.`, { cause });
}

export function fileNotUsable(file: string, cause: unknown): StoreOpenError {
  const code = codeOf(cause) ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreOpenError(
      file,
      `${file} is not an llmdoctor store or is damaged (${code}): move it aside and llmdoctor starts a new store there ` +
        '(client keys and usage in it are then no longer used), or restore it from a backup.',
      { cause },
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_READONLY' || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')) {
    return new StoreOpenError(file, `${file} cannot be opened for writing (${code}): ${FOLDER_FIX}; the file itself must be readable and writable.`, { cause });
  }
  if (code === 'SQLITE_BUSY') {
    return new StoreOpenError(file, `${file} stayed locked by another process (${code}): stop the process holding it (a stuck gateway or CLI), then retry.`, { cause });
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new StoreOpenError(file, `${file} could not be opened: ${detail}.`, { cause });
}

export function foreignDatabase(file: string): StoreOpenError {
  return new StoreOpenError(
    file,
    `${file} is an SQLite database of another program, not an llmdoctor store: ${OTHER_FOLDER}, or move that file aside.`,
  );
}

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

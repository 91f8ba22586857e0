/** Byte sizes as configs write them: `10kb`, `32mb`, `1gb`, `512b` (1024-based, any case, fractions allowed). */

const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Bytes in `text` (rounded down to a whole byte), or null when it is not a size. */
export function parseSize(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(b|kb|mb|gb)$/i.exec(text.trim());
  if (match === null) return null;
  const [, amount = '', unit = ''] = match;
  const bytes = Math.floor(Number(amount) * (UNIT_BYTES[unit.toLowerCase()] ?? Number.NaN));
  return Number.isFinite(bytes) ? bytes : null;
}

import { CommandLineError, parseCommandLine } from '@biblio/node-kit';
import { parseByteSize } from '../domain/duration.js';
import type { QuotaOverride } from '../domain/quota.js';
import type { QuotaOverrides } from '../ports/database.js';

/** A mistake in `set-quota`'s arguments, worded for the person who typed them. */
export class QuotaArgsError extends Error {}

const OPTIONS = {
  'max-bytes': { type: 'string' },
  'max-pending-bytes': { type: 'string' },
  'max-pending-uploads': { type: 'string' },
} as const;

const FIELDS: Record<keyof typeof OPTIONS, { field: keyof QuotaOverrides; count: boolean }> = {
  'max-bytes': { field: 'storedBytes', count: false },
  'max-pending-bytes': { field: 'pendingBytes', count: false },
  'max-pending-uploads': { field: 'pendingUploads', count: true },
};

const VALUE_HINT = 'a size, "unlimited" or "default"';

/** One value: a byte size (or count), "unlimited", or "default" (back to BIBLIO_QUOTA_*). */
function parseValue(flag: string, text: string, count: boolean): QuotaOverride {
  if (/^unlimited$/i.test(text)) return 'unlimited';
  if (/^default$/i.test(text)) return null;
  const value = count ? (/^\d{1,9}$/.test(text) ? Number(text) : undefined) : text === '0' ? 0 : parseByteSize(text);
  if (value === undefined) throw new QuotaArgsError(`${flag} ${text}: expected ${count ? 'a whole number' : 'a byte size like 500GiB'}, "unlimited" or "default"`);
  return value;
}

/** `set-quota NAME --max-bytes 500GiB --max-pending-bytes 100GiB --max-pending-uploads 20`. */
export function parseSetQuota(args: string[]): { name: string; limits: Partial<QuotaOverrides> } {
  let parsed;
  try {
    parsed = parseCommandLine(args, OPTIONS);
  } catch (error) {
    if (error instanceof CommandLineError && error.problem === 'missing-value') throw new QuotaArgsError(`${error.option} needs a value (${VALUE_HINT})`);
    throw error;
  }
  const limits: Partial<QuotaOverrides> = {};
  for (const [name, { field, count }] of Object.entries(FIELDS) as [keyof typeof OPTIONS, (typeof FIELDS)[keyof typeof OPTIONS]][]) {
    const text = parsed.values[name];
    if (text !== undefined) limits[field] = parseValue(`--${name}`, text, count);
  }
  if (parsed.positionals.length !== 1) throw new QuotaArgsError('set-quota needs exactly one NAME');
  if (Object.keys(limits).length === 0) throw new QuotaArgsError('set-quota needs at least one of --max-bytes, --max-pending-bytes, --max-pending-uploads');
  return { name: parsed.positionals[0]!, limits };
}

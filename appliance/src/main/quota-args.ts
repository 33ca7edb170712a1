import { parseByteSize } from '../domain/duration.js';
import type { QuotaOverride } from '../domain/quota.js';
import type { QuotaOverrides } from '../ports/database.js';

const FLAGS: Record<string, { field: keyof QuotaOverrides; count: boolean }> = {
  '--max-bytes': { field: 'storedBytes', count: false },
  '--max-pending-bytes': { field: 'pendingBytes', count: false },
  '--max-pending-uploads': { field: 'pendingUploads', count: true },
};

/** One value: a byte size (or count), "unlimited", or "default" (back to BIBLIO_QUOTA_*). */
function parseValue(flag: string, text: string | undefined, count: boolean): QuotaOverride {
  if (text === undefined || text.startsWith('--')) throw new Error(`${flag} needs a value (a size, "unlimited" or "default")`);
  if (/^unlimited$/i.test(text)) return 'unlimited';
  if (/^default$/i.test(text)) return null;
  const value = count ? (/^\d{1,9}$/.test(text) ? Number(text) : undefined) : text === '0' ? 0 : parseByteSize(text);
  if (value === undefined) throw new Error(`${flag} ${text}: expected ${count ? 'a whole number' : 'a byte size like 500GiB'}, "unlimited" or "default"`);
  return value;
}

/** `set-quota NAME --max-bytes 500GiB --max-pending-bytes 100GiB --max-pending-uploads 20`. */
export function parseSetQuota(args: string[]): { name: string; limits: Partial<QuotaOverrides> } {
  const limits: Partial<QuotaOverrides> = {};
  const names: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const flag = FLAGS[arg];
    if (flag) {
      limits[flag.field] = parseValue(arg, args[i + 1], flag.count);
      i += 1;
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      names.push(arg);
    }
  }
  if (names.length !== 1) throw new Error('set-quota needs exactly one NAME');
  if (Object.keys(limits).length === 0) throw new Error('set-quota needs at least one of --max-bytes, --max-pending-bytes, --max-pending-uploads');
  return { name: names[0]!, limits };
}

import type { QuotaReport } from '@biblio/shared';
import { formatBytes } from '../format.js';

const limitText = (used: string, limit: number | null, show: (n: number) => string) => (limit === null ? used : `${used} of ${show(limit)}`);

/**
 * The user's quota in one short line (top bar): what is stored and what unfinished uploads
 * reserve, against the appliance's limits, so a 413 "over quota" never comes as a surprise.
 */
export function QuotaUsage({ quota }: { quota: QuotaReport }) {
  const { usage, limits } = quota;
  const stored = limitText(formatBytes(usage.storedBytes), limits.storedBytes, formatBytes);
  const pending = limitText(formatBytes(usage.pendingBytes), limits.pendingBytes, formatBytes);
  const uploads = limitText(String(usage.pendingUploads), limits.pendingUploads, String);
  return (
    <span className="quota-usage" data-testid="quota-usage" title="Your quota on this appliance (as of connecting)">
      Stored {stored} · unfinished {uploads} uploads, {pending}
    </span>
  );
}

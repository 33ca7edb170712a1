import type { QuotaReport } from '@biblio/shared';
import { formatBytes } from '../format.js';
import { useI18n } from '../i18n/I18nProvider.js';

/**
 * The user's quota in one short line (top bar): what is stored and what unfinished uploads
 * reserve, against the appliance's limits, so a 413 "over quota" never comes as a surprise.
 */
export function QuotaUsage({ quota }: { quota: QuotaReport }) {
  const { t, locale } = useI18n();
  const { usage, limits } = quota;
  const bytes = (n: number) => formatBytes(n, locale);
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const ofLimit = (used: number, limit: number | null, show: (n: number) => string) =>
    limit === null ? show(used) : t('quota.ofLimit', { used: show(used), limit: show(limit) });
  return (
    <span className="quota-usage" data-testid="quota-usage" title={t('quota.title')}>
      {t('quota.line', {
        stored: ofLimit(usage.storedBytes, limits.storedBytes, bytes),
        uploads: ofLimit(usage.pendingUploads, limits.pendingUploads, count),
        pending: ofLimit(usage.pendingBytes, limits.pendingBytes, bytes),
      })}
    </span>
  );
}

import type { ConnectionState } from '@biblio/shared';
import { useT } from '../i18n/I18nProvider.js';

interface Props {
  connection: ConnectionState | null;
  onOpenSettings(): void;
}

/** Says what is wrong with the appliance link and what happens next; silent when all is well. */
export function ConnectionBanner({ connection, onOpenSettings }: Props) {
  const t = useT();
  if (!connection || connection.state === 'connected' || connection.state === 'connecting') return null;
  if (connection.state === 'reconnecting') {
    return (
      <div className="banner banner--warn" role="status" data-testid="connection-banner" data-state="reconnecting">
        <span className="spinner" aria-hidden="true" />
        <p>
          <strong>{t('banner.reconnecting')}</strong> {t('banner.reconnectingDetail')}
          <span className="banner-detail"> ({connection.error})</span>
        </p>
      </div>
    );
  }
  const unpaired = connection.state === 'unpaired';
  return (
    <div
      className={`banner ${unpaired ? 'banner--info' : 'banner--error'}`}
      role={unpaired ? 'status' : 'alert'}
      data-testid="connection-banner"
      data-state={connection.state}
    >
      <p>
        {unpaired ? (
          <>
            <strong>{t('banner.unpaired')}</strong> {t('banner.unpairedDetail')}
          </>
        ) : (
          <>
            <strong>{t('banner.error')}</strong> {connection.error}. {t('banner.errorDetail')}
          </>
        )}
      </p>
      <button type="button" className="link" onClick={onOpenSettings}>
        {t('banner.openSettings')}
      </button>
    </div>
  );
}

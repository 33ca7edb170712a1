import type { ConnectionState } from '@biblio/shared';
import { QuotaUsage } from './QuotaUsage.js';
import { useT } from '../i18n/I18nProvider.js';
import type { MessageKey } from '../i18n/types.js';

const LABELS: Record<ConnectionState['state'], MessageKey> = {
  unpaired: 'connection.unpaired',
  connecting: 'connection.connecting',
  connected: 'connection.connected',
  reconnecting: 'connection.reconnecting',
  error: 'connection.error',
};

/** The small pill in the top bar: who we are connected as, and the engines the appliance uses. */
export function ConnectionStatus({ connection }: { connection: ConnectionState | null }) {
  const t = useT();
  if (!connection) return <span className="pill">{t('connection.starting')}</span>;
  const engines =
    connection.state === 'connected'
      ? Object.entries(connection.engines)
          .map(([component, engine]) => `${component}: ${engine}`)
          .join(', ')
      : undefined;
  const pill = (
    <span
      className={`pill pill--${connection.state}`}
      data-testid="connection-status"
      data-state={connection.state}
      title={engines}
    >
      <span className="dot" aria-hidden="true" />
      {connection.state === 'connected' ? t('connection.as', { user: connection.user }) : t(LABELS[connection.state])}
    </span>
  );
  if (connection.state !== 'connected' || !connection.quota) return pill;
  return (
    <>
      {pill}
      <QuotaUsage quota={connection.quota} />
    </>
  );
}

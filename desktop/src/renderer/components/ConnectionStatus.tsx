import type { ConnectionState } from '@biblio/shared';
import { QuotaUsage } from './QuotaUsage.js';

const LABELS: Record<ConnectionState['state'], string> = {
  unpaired: 'Not paired',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  error: 'Offline',
};

/** The small pill in the top bar: who we are connected as, and the engines the appliance uses. */
export function ConnectionStatus({ connection }: { connection: ConnectionState | null }) {
  if (!connection) return <span className="pill">Starting…</span>;
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
      {LABELS[connection.state]}
      {connection.state === 'connected' ? ` as ${connection.user}` : ''}
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

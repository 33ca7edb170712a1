import type { ConnectionState } from '@biblio/shared';

interface Props {
  connection: ConnectionState | null;
  onOpenSettings(): void;
}

/** Says what is wrong with the appliance link and what happens next; silent when all is well. */
export function ConnectionBanner({ connection, onOpenSettings }: Props) {
  if (!connection || connection.state === 'connected' || connection.state === 'connecting') return null;
  if (connection.state === 'reconnecting') {
    return (
      <div className="banner banner--warn" role="status" data-testid="connection-banner" data-state="reconnecting">
        <span className="spinner" aria-hidden="true" />
        <p>
          <strong>Reconnecting to the appliance…</strong> Uploads continue from where they stopped once it is back.
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
            <strong>Not paired yet.</strong> Enter your appliance address and access token in Settings.
          </>
        ) : (
          <>
            <strong>Not connected to the appliance:</strong> {connection.error}. Check the address and token in Settings.
          </>
        )}
      </p>
      <button type="button" className="link" onClick={onOpenSettings}>
        Open Settings
      </button>
    </div>
  );
}

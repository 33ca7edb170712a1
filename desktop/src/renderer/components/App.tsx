import { useEffect, useMemo, useRef, useState } from 'react';
import type { MediaDto, UploadState } from '@biblio/shared';
import { useConnection } from '../hooks/useConnection.js';
import { useLibrary } from '../hooks/useLibrary.js';
import { useMomentRoute } from '../hooks/useMomentRoute.js';
import { useQueue } from '../hooks/useQueue.js';
import { showInAddressBar } from '../library/moment.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { ConnectionStatus } from './ConnectionStatus.js';
import { LibraryScreen, type Focus } from './LibraryScreen.js';
import { QueueScreen } from './QueueScreen.js';
import { SettingsScreen } from './SettingsScreen.js';
import { useT } from '../i18n/I18nProvider.js';
import type { MessageKey } from '../i18n/types.js';

type Screen = 'upload' | 'library' | 'settings';
const SCREENS: { id: Screen; label: MessageKey }[] = [
  { id: 'upload', label: 'app.tab.upload' },
  { id: 'library', label: 'app.tab.library' },
  { id: 'settings', label: 'app.tab.settings' },
];
const ACTIVE: ReadonlySet<UploadState> = new Set(['queued', 'preparing', 'uploading', 'retrying']);

let nonce = 0;

export function App() {
  const t = useT();
  const connection = useConnection();
  const queue = useQueue();
  // Keyed by the user: re-pairing with another token must not show the previous user's media.
  const library = useLibrary(connection?.state === 'connected' ? connection.user : null);
  const [screen, setScreen] = useState<Screen>('upload');
  const [focus, setFocus] = useState<Focus | null>(null);

  // First run: nothing works before pairing, so open Settings once, and only once.
  const routed = useRef(false);
  useEffect(() => {
    // 'connecting' is not an answer yet: wait for the core to know whether we are paired.
    if (!connection || connection.state === 'connecting' || routed.current) return;
    routed.current = true;
    if (connection.state === 'unpaired') setScreen('settings');
  }, [connection]);

  const mediaById = useMemo(() => new Map<string, MediaDto>(library.media.map((m) => [m.id, m])), [library.media]);
  const active = queue.items.filter((item) => ACTIVE.has(item.state)).length;
  const openMedia = (mediaId: string, time: number | null = null) => {
    nonce += 1;
    setFocus({ mediaId, time, nonce });
    setScreen('library');
    showInAddressBar(mediaId, time);
  };
  const closeMedia = () => {
    setFocus(null);
    showInAddressBar(null);
  };
  // A moment link (#/m/ID?t=SECONDS) opens that recording at that second.
  useMomentRoute(({ mediaId, time }) => openMedia(mediaId, time));

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            B
          </span>
          Biblio
        </div>
        <nav aria-label={t('app.nav')} className="tabs">
          {SCREENS.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              className="tab"
              aria-current={screen === id ? 'page' : undefined}
              onClick={() => {
                // The Library tab leads back to the whole library from a recording.
                if (id === 'library' && screen === 'library') closeMedia();
                setScreen(id);
              }}
            >
              {t(label)}
              {id === 'upload' && active > 0 ? (
                <span className="tab-count" aria-label={t('app.activeCount', { count: active })}>
                  {active}
                </span>
              ) : null}
            </button>
          ))}
        </nav>
        <ConnectionStatus connection={connection} />
      </header>
      <ConnectionBanner connection={connection} onOpenSettings={() => setScreen('settings')} />
      <main className="content">
        {screen === 'upload' && (
          <QueueScreen items={queue.items} error={queue.error} mediaById={mediaById} onOpenMedia={openMedia} />
        )}
        {screen === 'library' && (
          <LibraryScreen
            library={library}
            user={connection?.state === 'connected' ? connection.user : null}
            focus={focus}
            onFocus={openMedia}
            onClose={closeMedia}
            onOpenSettings={() => setScreen('settings')}
          />
        )}
        {screen === 'settings' && <SettingsScreen onPaired={() => setScreen('upload')} />}
      </main>
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { DesktopSettings, IpcResults } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { PairForm } from './PairForm.js';
import { PreferencesForm } from './PreferencesForm.js';

export function SettingsScreen({ onPaired }: { onPaired(): void }) {
  const [settings, setSettings] = useState<DesktopSettings | null>(null);
  const [info, setInfo] = useState<IpcResults['app:info'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([api().invoke('settings:get'), api().invoke('app:info')]).then(
      ([current, about]) => {
        if (!live) return;
        setSettings(current);
        setInfo(about);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  if (error) {
    return (
      <p className="notice notice--error" role="alert">
        Could not read the settings: {error}. Restart Biblio; if it persists, its state folder may be unreadable.
      </p>
    );
  }
  if (!settings) return <p className="empty">Loading settings…</p>;

  return (
    <div className="screen settings">
      <PairForm settings={settings} onSaved={setSettings} onPaired={onPaired} />
      <PreferencesForm settings={settings} shell={info?.shell ?? 'browser'} onSaved={setSettings} />
      {info && (
        <p className="about">
          Biblio {info.version} · {info.platform} · {info.shell === 'electron' ? 'desktop app' : 'browser host'}
        </p>
      )}
    </div>
  );
}

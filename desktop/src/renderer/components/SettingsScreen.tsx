import { useEffect, useState } from 'react';
import type { DesktopSettings, IpcResults } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { PairForm } from './PairForm.js';
import { PreferencesForm } from './PreferencesForm.js';
import { useI18n } from '../i18n/I18nProvider.js';

export function SettingsScreen({ onPaired }: { onPaired(): void }) {
  const { t, choose } = useI18n();
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
        {t('settings.readError', { error })}
      </p>
    );
  }
  if (!settings) return <p className="empty">{t('settings.loading')}</p>;

  return (
    <div className="screen settings">
      <PairForm settings={settings} onSaved={setSettings} onPaired={onPaired} />
      <PreferencesForm
        settings={settings}
        shell={info?.shell ?? 'browser'}
        onSaved={(saved) => {
          setSettings(saved);
          choose(saved.language);
        }}
      />
      {info && (
        <p className="about">
          {t('settings.about', {
            version: info.version,
            platform: info.platform,
            shell: t(info.shell === 'electron' ? 'settings.shellElectron' : 'settings.shellBrowser'),
          })}
        </p>
      )}
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { UI_LANGUAGES, type DesktopSettings, type UiLanguage } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { LANGUAGE_NAMES } from '../i18n/languages.js';
import { useT } from '../i18n/I18nProvider.js';

interface Props {
  settings: DesktopSettings;
  shell: 'electron' | 'browser';
  onSaved(settings: DesktopSettings): void;
}

const MB = 1_000_000;

/** Upload behaviour (parallel files, one bandwidth cap for all), login start, notifications and the UI language. */
export function PreferencesForm({ settings, shell, onSaved }: Props) {
  const t = useT();
  const [parallel, setParallel] = useState(String(settings.parallelUploads));
  const [limit, setLimit] = useState(settings.bandwidthLimit === null ? '' : String(settings.bandwidthLimit / MB));
  const [startOnLogin, setStartOnLogin] = useState(settings.startOnLogin);
  const [notifications, setNotifications] = useState(settings.notifications);
  const [language, setLanguage] = useState<UiLanguage>(settings.language);
  const [errors, setErrors] = useState<{ parallel?: string; limit?: string }>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const found: typeof errors = {};
    const parallelUploads = Number(parallel);
    if (!Number.isInteger(parallelUploads) || parallelUploads < 1 || parallelUploads > 10) {
      found.parallel = t('prefs.parallelError');
    }
    const megabytes = limit.trim() === '' ? null : Number(limit);
    if (megabytes !== null && (!Number.isFinite(megabytes) || megabytes < 0.01)) {
      found.limit = t('prefs.limitError');
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const saved = await api().invoke('settings:set', {
        parallelUploads,
        bandwidthLimit: megabytes === null ? null : Math.max(1024, Math.round(megabytes * MB)),
        startOnLogin,
        notifications,
        language,
      });
      onSaved(saved);
      setMessage(t('prefs.saved'));
    } catch (err) {
      setMessage(t('prefs.saveError', { error: errorMessage(err) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void save(e)} noValidate aria-labelledby="prefs-title">
      <h2 id="prefs-title">{t('prefs.title')}</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor="parallel">{t('prefs.parallel')}</label>
          <input
            id="parallel"
            type="number"
            min={1}
            max={10}
            step={1}
            value={parallel}
            aria-invalid={errors.parallel ? true : undefined}
            aria-describedby="parallel-note"
            onChange={(e) => setParallel(e.currentTarget.value)}
          />
          <p id="parallel-note" className={errors.parallel ? 'field-error' : 'field-hint'}>
            {errors.parallel ?? t('prefs.parallelHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="limit">{t('prefs.limit')}</label>
          <input
            id="limit"
            type="number"
            min={0.01}
            step="any"
            placeholder={t('prefs.noLimit')}
            value={limit}
            aria-invalid={errors.limit ? true : undefined}
            aria-describedby="limit-note"
            onChange={(e) => setLimit(e.currentTarget.value)}
          />
          <p id="limit-note" className={errors.limit ? 'field-error' : 'field-hint'}>
            {errors.limit ?? t('prefs.limitHint')}
          </p>
        </div>
      </div>
      <div className="check">
        <input id="startOnLogin" type="checkbox" checked={startOnLogin} onChange={(e) => setStartOnLogin(e.currentTarget.checked)} />
        <label htmlFor="startOnLogin">{t('prefs.startOnLogin')}</label>
        {shell === 'browser' && <span className="field-hint">{t('prefs.desktopOnly')}</span>}
      </div>
      <div className="check">
        <input id="notifications" type="checkbox" checked={notifications} onChange={(e) => setNotifications(e.currentTarget.checked)} />
        <label htmlFor="notifications">{t('prefs.notifications')}</label>
      </div>
      <div className="field">
        <label htmlFor="language">{t('prefs.language')}</label>
        <select id="language" value={language} aria-describedby="language-note" onChange={(e) => setLanguage(e.currentTarget.value as UiLanguage)}>
          {UI_LANGUAGES.map((choice) => (
            <option key={choice} value={choice} lang={choice === 'auto' ? undefined : choice}>
              {choice === 'auto' ? t('prefs.languageAuto') : LANGUAGE_NAMES[choice]}
            </option>
          ))}
        </select>
        <p id="language-note" className="field-hint">
          {t('prefs.languageHint')}
        </p>
      </div>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('prefs.saving') : t('prefs.save')}
        </button>
      </div>
    </form>
  );
}

import { useConnection } from '../hooks/useConnection.js';
import { useT } from '../i18n/I18nProvider.js';
import { engineSupports, languageName, UPLOAD_LANGUAGES } from '../upload/language.js';
import './LanguagePicker.css';


interface Props {
  value: string | null;
  onChange(language: string | null): void;
}

/** The spoken language of the next uploads, with what the appliance's engine can transcribe. */
export function LanguagePicker({ value, onChange }: Props) {
  const t = useT();
  const connection = useConnection();
  const connected = connection?.state === 'connected' ? connection : null;
  const stt = connected?.stt;
  const supported = stt && !stt.languages.includes('*') ? stt.languages.map(languageName).join(', ') : null;
  return (
    <div className="language-picker">
      <label>
        {t('uploadLanguage.label')}{' '}
        <select value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}>
          <option value="">{t('uploadLanguage.auto')}</option>
          {UPLOAD_LANGUAGES.map((language) => (
            <option key={language.code} value={language.code}>
              {language.name}
            </option>
          ))}
        </select>
      </label>
      {stt && (
        <span className="language-engine" data-testid="stt-engine">
          {t('uploadLanguage.engine', { engine: stt.engine })} · {supported === null ? t('uploadLanguage.languagesAny') : t('uploadLanguage.languages', { names: supported })}
        </span>
      )}
      {connected && !stt && connected.engines['stt'] === undefined && Object.keys(connected.engines).length > 0 && (
        <p className="notice notice--warn" role="note">
          {t('uploadLanguage.noEngine')}
        </p>
      )}
      {stt && supported !== null && value !== null && !engineSupports(stt, value) && (
        <p className="notice notice--warn" role="alert" data-testid="language-warning">
          {t('uploadLanguage.unsupported', { engine: stt.engine, supported, chosen: languageName(value) })}
        </p>
      )}
    </div>
  );
}

import { useConnection } from '../hooks/useConnection.js';
import { engineSupports, languageName, UPLOAD_LANGUAGES } from '../upload/language.js';
import './LanguagePicker.css';

const TEXT = {
  label: 'Spoken language',
  auto: 'Auto-detect',
  engine: (engine: string) => `Transcribed by ${engine}`,
  languagesAny: 'any language (detected)',
  languages: (names: string) => `languages: ${names}`,
  noEngine: 'This appliance has no speech-to-text engine: recordings will not get a transcript.',
  unsupported: (engine: string, supported: string, chosen: string) =>
    `${engine} transcribes ${supported} only; this recording will not get a ${chosen} transcript.`,
};

interface Props {
  value: string | null;
  onChange(language: string | null): void;
}

/** The spoken language of the next uploads, with what the appliance's engine can transcribe. */
export function LanguagePicker({ value, onChange }: Props) {
  const connection = useConnection();
  const connected = connection?.state === 'connected' ? connection : null;
  const stt = connected?.stt;
  const supported = stt && !stt.languages.includes('*') ? stt.languages.map(languageName).join(', ') : null;
  return (
    <div className="language-picker">
      <label>
        {TEXT.label}{' '}
        <select value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}>
          <option value="">{TEXT.auto}</option>
          {UPLOAD_LANGUAGES.map((language) => (
            <option key={language.code} value={language.code}>
              {language.name}
            </option>
          ))}
        </select>
      </label>
      {stt && (
        <span className="language-engine" data-testid="stt-engine">
          {TEXT.engine(stt.engine)} · {supported === null ? TEXT.languagesAny : TEXT.languages(supported)}
        </span>
      )}
      {connected && !stt && connected.engines['stt'] === undefined && Object.keys(connected.engines).length > 0 && (
        <p className="notice notice--warn" role="note">
          {TEXT.noEngine}
        </p>
      )}
      {stt && supported !== null && value !== null && !engineSupports(stt, value) && (
        <p className="notice notice--warn" role="alert" data-testid="language-warning">
          {TEXT.unsupported(stt.engine, supported, languageName(value))}
        </p>
      )}
    </div>
  );
}

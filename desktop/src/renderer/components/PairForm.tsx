import { useState, type FormEvent } from 'react';
import type { DesktopSettings, IpcResults } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { useI18n, type I18n } from '../i18n/I18nProvider.js';

interface Props {
  settings: DesktopSettings;
  onSaved(settings: DesktopSettings): void;
  onPaired(): void;
}

type Field = 'serverUrl' | 'token';
type Errors = Partial<Record<Field, string>>;
type TestOk = Extract<IpcResults['connection:test'], { ok: true }>;

const EXAMPLE_URL = 'http://192.168.1.20:8080';
const TOKEN_SHAPE = 'bib_…';
const CREATE_USER_COMMAND = 'npm run admin -- create-user NAME';

/** Checks the URL here so the common typo gets a precise message before any request is made. */
function urlProblem(value: string, t: I18n['t']): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // fall through
  }
  return t('pair.urlProblem', { example: EXAMPLE_URL });
}

export function PairForm({ settings, onSaved, onPaired }: Props) {
  const { t, rich } = useI18n();
  const [serverUrl, setServerUrl] = useState(settings.serverUrl);
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [tested, setTested] = useState<TestOk | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  /** The last save tested and worked: the message then offers the way to the uploads. */
  const [saved, setSaved] = useState(false);
  /** The test before Save failed: the details are kept unsaved unless the user insists. */
  const [unsaved, setUnsaved] = useState(false);

  // An edit makes an earlier test result and a refused save about other values.
  const edited = (apply: () => void) => {
    apply();
    setTested(null);
    setUnsaved(false);
    setMessage(null);
  };

  /** `needToken`: nothing saved to fall back on (an empty field means "the saved token"). */
  const check = (needToken: boolean): Errors => {
    const found: Errors = {};
    const bad = urlProblem(serverUrl.trim(), t);
    if (bad) found.serverUrl = bad;
    if (needToken && !token.trim()) found.token = t('pair.tokenMissing');
    return found;
  };

  const test = async () => {
    setTested(null);
    setMessage(null);
    // An empty token field tests the saved token (the core holds it; this page never sees it).
    const found = check(!settings.tokenHint);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy('test');
    try {
      const typed = token.trim();
      const result = await api().invoke('connection:test', typed ? { serverUrl: serverUrl.trim(), token: typed } : { serverUrl: serverUrl.trim() });
      if (result.ok) setTested(result);
      else setErrors({ [result.field]: result.error });
    } catch (e) {
      setErrors({ serverUrl: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  /**
   * Save tests first (the saved token when none is typed) and refuses details that do not work;
   * `anyway` saves them regardless (an appliance that is down for maintenance, say).
   */
  const save = async (anyway: boolean) => {
    setMessage(null);
    setTested(null);
    const found = check(!settings.tokenHint);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy('save');
    try {
      const typed = token.trim();
      if (!anyway) {
        const result = await api().invoke('connection:test', typed ? { serverUrl: serverUrl.trim(), token: typed } : { serverUrl: serverUrl.trim() });
        if (!result.ok) {
          setErrors({ [result.field]: result.error });
          setUnsaved(true);
          return;
        }
      }
      const patch = typed ? { serverUrl: serverUrl.trim(), token: typed } : { serverUrl: serverUrl.trim() };
      const saved = await api().invoke('settings:set', patch);
      onSaved(saved);
      setToken('');
      setUnsaved(false);
      setSaved(!anyway);
      setMessage(t(anyway ? 'pair.savedAnyway' : 'pair.saved'));
    } catch (err) {
      setSaved(false);
      setMessage(t('pair.saveError', { error: errorMessage(err) }));
    } finally {
      setBusy(null);
    }
  };

  const describe = (field: Field) => (errors[field] ? `${field}-error` : `${field}-hint`);

  return (
    <form
      className="card"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save(false);
      }}
      noValidate aria-labelledby="pair-title">
      <h1 id="pair-title">{t('pair.title')}</h1>
      <div className="field">
        <label htmlFor="serverUrl">{t('pair.urlLabel')}</label>
        <input
          id="serverUrl"
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder={EXAMPLE_URL}
          value={serverUrl}
          aria-invalid={errors.serverUrl ? true : undefined}
          aria-describedby={describe('serverUrl')}
          onChange={(e) => {
            const value = e.currentTarget.value;
            edited(() => setServerUrl(value));
          }}
        />
        {errors.serverUrl ? (
          <p id="serverUrl-error" className="field-error" data-testid="serverUrl-error">
            {errors.serverUrl}
          </p>
        ) : (
          <p id="serverUrl-hint" className="field-hint">
            {t('pair.urlHint')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="token">{t('pair.tokenLabel')}</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          placeholder={settings.tokenHint ? t('pair.tokenSaved', { hint: settings.tokenHint }) : TOKEN_SHAPE}
          value={token}
          aria-invalid={errors.token ? true : undefined}
          aria-describedby={describe('token')}
          onChange={(e) => {
            const value = e.currentTarget.value;
            edited(() => setToken(value));
          }}
        />
        {errors.token ? (
          <p id="token-error" className="field-error" data-testid="token-error">
            {errors.token}
          </p>
        ) : (
          <p id="token-hint" className="field-hint">
            {settings.tokenHint ? t('pair.tokenKeep') : rich('pair.tokenHowTo', { command: <code>{CREATE_USER_COMMAND}</code> })}
          </p>
        )}
      </div>
      {tested && (
        <p className="notice notice--ok" role="status" data-testid="connection-test-ok">
          {rich('pair.testOk', { user: <strong>{tested.user}</strong> })}
          {Object.keys(tested.engines).length > 0 &&
            ` · ${Object.entries(tested.engines)
              .map(([component, engine]) => `${component}: ${engine}`)
              .join(', ')}`}
        </p>
      )}
      {unsaved && (
        <p className="notice notice--error" role="alert" data-testid="save-refused">
          {t('pair.refused')}
        </p>
      )}
      {message && (
        <p className="notice" role="status">
          {message}{' '}
          {saved && (
            <button type="button" className="link" onClick={onPaired}>
              {t('pair.goToUploads')}
            </button>
          )}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={() => void test()} disabled={busy !== null}>
          {busy === 'test' ? t('pair.testing') : t('pair.test')}
        </button>
        <button type="submit" className="primary" disabled={busy !== null}>
          {busy === 'save' ? t('pair.testingSaving') : t('pair.save')}
        </button>
        {unsaved && (
          <button type="button" className="danger" onClick={() => void save(true)} disabled={busy !== null}>
            {t('pair.saveAnyway')}
          </button>
        )}
      </div>
    </form>
  );
}

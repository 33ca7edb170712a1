import { useI18n } from '../i18n/I18nProvider.js';

/** Shown when the page was opened without a shell (e.g. the built index.html from disk). */
export function MissingBridge() {
  const { t, rich } = useI18n();
  return (
    <main className="missing-bridge">
      <h1>{t('bridge.title')}</h1>
      <p role="alert">
        {rich('bridge.body', { command: <code>npm run desktop:host</code> })}
      </p>
    </main>
  );
}

import electronUpdater from 'electron-updater';

type Log = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;

const SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * Updates from a generic HTTP feed (latest.yml & co. written by electron-builder). The feed is
 * BIBLIO_UPDATE_URL: an on-prem product cannot assume a public update server, so without it this
 * does nothing. Unpackaged runs are skipped by electron-updater itself.
 */
export function startUpdater(feedUrl: string | undefined, log: Log): () => void {
  if (!feedUrl) return () => undefined;
  // electron-updater is CommonJS; its named exports are not visible to an ESM import.
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('error', (error: Error) => log('warn', `update check failed: ${error.message}`));
  autoUpdater.on('update-downloaded', (info: { version: string }) => log('info', `update ${info.version} will be installed on quit`));
  const check = () => {
    autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => log('warn', 'update check failed', error));
  };
  check();
  const timer = setInterval(check, SIX_HOURS);
  timer.unref();
  return () => clearInterval(timer);
}

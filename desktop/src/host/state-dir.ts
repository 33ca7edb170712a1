import os from 'node:os';
import path from 'node:path';

/**
 * The desktop core's state folder when BIBLIO_CLIENT_STATE_DIR is unset: `state` inside the folder
 * Electron uses as userData for productName "Biblio", so the app and the host share one queue
 * (the core's instance lock keeps them from running on it at the same time).
 */
export function defaultStateDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  let config: string;
  if (platform === 'win32') config = env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming');
  else if (platform === 'darwin') config = path.join(home, 'Library', 'Application Support');
  else config = env['XDG_CONFIG_HOME'] || path.join(home, '.config');
  return path.join(config, 'Biblio', 'state');
}

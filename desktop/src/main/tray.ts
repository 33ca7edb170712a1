import { Menu, Tray, nativeImage } from 'electron';
import type { Overall } from './progress.js';

export interface TrayActions {
  show(): void;
  pauseAll(): void;
  resumeAll(): void;
  quit(): void;
}

export interface AppTray {
  update(overall: Overall): void;
  destroy(): void;
}

/** The tray keeps uploads visible (and running) when the window is closed. */
export function createTray(iconPath: string, actions: TrayActions): AppTray {
  const image = nativeImage.createFromPath(iconPath);
  const tray = new Tray(image.isEmpty() ? image : image.resize({ width: 16, height: 16 }));
  tray.on('click', actions.show);
  let shown = '';

  const update = (overall: Overall) => {
    // queue:changed fires several times a second while uploading; rebuild only on visible change.
    if (overall.label === shown) return;
    shown = overall.label;
    tray.setToolTip(overall.label);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: overall.label, enabled: false },
        { type: 'separator' },
        { label: 'Show Biblio', click: actions.show },
        { label: 'Pause all uploads', click: actions.pauseAll, enabled: overall.active > 0 },
        { label: 'Resume all uploads', click: actions.resumeAll, enabled: overall.active > 0 },
        { type: 'separator' },
        { label: 'Quit Biblio', click: actions.quit },
      ]),
    );
  };
  update({ active: 0, uploading: 0, fraction: null, label: 'Biblio' });
  return { update, destroy: () => tray.destroy() };
}

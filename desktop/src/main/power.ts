import { powerSaveBlocker } from 'electron';

/**
 * Keeps the system from sleeping while bytes are moving. Not a guarantee (electron#12345 on
 * Windows): the real safety net is that uploads resume from the server's offset after wake.
 */
export function createKeepAwake(): { update(uploading: boolean): void; stop(): void } {
  let blocker: number | null = null;
  const stop = () => {
    if (blocker !== null && powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
    blocker = null;
  };
  return {
    update(uploading) {
      if (uploading && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension');
      else if (!uploading) stop();
    },
    stop,
  };
}

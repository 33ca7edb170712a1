import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutAction } from '../library/shortcuts.js';

interface Handlers {
  media: () => HTMLMediaElement | null;
  onSubtitles(): void;
  onFind(): void;
  onHelp(): void;
}

/** Listens for the player's shortcuts on the whole page while a recording is open. */
export function usePlayerShortcuts(handlers: Handlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event, event.target);
      if (!action) return;
      event.preventDefault();
      run(action, latest.current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function run(action: ShortcutAction, handlers: Handlers): void {
  if (action.kind === 'subtitles') return handlers.onSubtitles();
  if (action.kind === 'find') return handlers.onFind();
  if (action.kind === 'help') return handlers.onHelp();
  const media = handlers.media();
  if (!media) return;
  switch (action.kind) {
    case 'toggle':
      if (media.paused) void media.play().catch(() => undefined);
      else media.pause();
      return;
    case 'seekBy': {
      const end = Number.isFinite(media.duration) ? media.duration : Infinity;
      media.currentTime = Math.min(end, Math.max(0, media.currentTime + action.seconds));
      return;
    }
    case 'volumeBy':
      media.volume = Math.min(1, Math.max(0, media.volume + action.delta));
      media.muted = false;
      return;
    case 'mute':
      media.muted = !media.muted;
      return;
  }
}

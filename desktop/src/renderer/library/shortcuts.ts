/** The player's keyboard shortcuts: one table drives both the handler and the help overlay. */
export type ShortcutAction =
  | { kind: 'toggle' }
  | { kind: 'seekBy'; seconds: number }
  | { kind: 'volumeBy'; delta: number }
  | { kind: 'mute' }
  | { kind: 'subtitles' }
  | { kind: 'find' }
  | { kind: 'help' };

export interface Shortcut {
  keys: string[];
  /** How the help overlay names the keys. */
  label: string;
  description: string;
  action: ShortcutAction;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: [' ', 'k'], label: 'Space / K', description: 'Play or pause', action: { kind: 'toggle' } },
  { keys: ['j'], label: 'J', description: 'Back 10 seconds', action: { kind: 'seekBy', seconds: -10 } },
  { keys: ['l'], label: 'L', description: 'Forward 10 seconds', action: { kind: 'seekBy', seconds: 10 } },
  { keys: ['ArrowLeft'], label: '←', description: 'Back 5 seconds', action: { kind: 'seekBy', seconds: -5 } },
  { keys: ['ArrowRight'], label: '→', description: 'Forward 5 seconds', action: { kind: 'seekBy', seconds: 5 } },
  { keys: ['ArrowUp'], label: '↑', description: 'Volume up', action: { kind: 'volumeBy', delta: 0.1 } },
  { keys: ['ArrowDown'], label: '↓', description: 'Volume down', action: { kind: 'volumeBy', delta: -0.1 } },
  { keys: ['m'], label: 'M', description: 'Mute or unmute', action: { kind: 'mute' } },
  { keys: ['c'], label: 'C', description: 'Subtitles on or off', action: { kind: 'subtitles' } },
  { keys: ['/'], label: '/', description: 'Find in the transcript', action: { kind: 'find' } },
  { keys: ['?'], label: '?', description: 'Show or hide these shortcuts', action: { kind: 'help' } },
];

/** The action for a key press, or null when the press belongs to something else (typing, a chord). */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, target: EventTarget | null): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTyping(target)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  // The player's own controls already handle space and arrows when they have focus.
  if (isMediaElement(target) && (key === ' ' || key.startsWith('Arrow'))) return null;
  return SHORTCUTS.find((s) => s.keys.includes(key))?.action ?? null;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type);
}

function isMediaElement(target: EventTarget | null): boolean {
  return target instanceof HTMLMediaElement;
}

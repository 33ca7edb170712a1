import type { MessageKey } from '../i18n/types.js';

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
  /** How the help overlay names the keys: the key itself, or a message key for a named key (Space). */
  label: string;
  labelKey?: MessageKey;
  description: MessageKey;
  action: ShortcutAction;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: [' ', 'k'], label: 'Space / K', labelKey: 'shortcuts.space', description: 'shortcut.toggle', action: { kind: 'toggle' } },
  { keys: ['j'], label: 'J', description: 'shortcut.back10', action: { kind: 'seekBy', seconds: -10 } },
  { keys: ['l'], label: 'L', description: 'shortcut.forward10', action: { kind: 'seekBy', seconds: 10 } },
  { keys: ['ArrowLeft'], label: '←', description: 'shortcut.back5', action: { kind: 'seekBy', seconds: -5 } },
  { keys: ['ArrowRight'], label: '→', description: 'shortcut.forward5', action: { kind: 'seekBy', seconds: 5 } },
  { keys: ['ArrowUp'], label: '↑', description: 'shortcut.volumeUp', action: { kind: 'volumeBy', delta: 0.1 } },
  { keys: ['ArrowDown'], label: '↓', description: 'shortcut.volumeDown', action: { kind: 'volumeBy', delta: -0.1 } },
  { keys: ['m'], label: 'M', description: 'shortcut.mute', action: { kind: 'mute' } },
  { keys: ['c'], label: 'C', description: 'shortcut.subtitles', action: { kind: 'subtitles' } },
  { keys: ['/'], label: '/', description: 'shortcut.find', action: { kind: 'find' } },
  { keys: ['?'], label: '?', description: 'shortcut.help', action: { kind: 'help' } },
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

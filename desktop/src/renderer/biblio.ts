import type { BiblioApi } from '@biblio/shared';

/**
 * The renderer's only door to the outside: `window.biblio`, exposed by the Electron preload or by
 * the browser host's injected script. Nothing here imports Node or Electron.
 */
declare global {
  interface Window {
    readonly biblio?: BiblioApi;
  }
}

export function hasBiblio(): boolean {
  return typeof window.biblio === 'object' && window.biblio !== null;
}

export function api(): BiblioApi {
  const biblio = window.biblio;
  if (!biblio) throw new Error('window.biblio is missing: open Biblio through the desktop app or the desktop host.');
  return biblio;
}

/** A message for people: Electron wraps main-process errors in "Error invoking remote method …". */
export function errorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  return raw.replace(/^Error invoking remote method '[^']+': (?:[A-Za-z]*Error: )?/, '');
}

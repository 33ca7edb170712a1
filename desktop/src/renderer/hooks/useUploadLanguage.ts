import { useEffect, useState } from 'react';
import { api } from '../biblio.js';

/**
 * The spoken language for the next uploads (null = auto-detect), remembered in the desktop
 * settings so the form opens with the last choice.
 */
export function useUploadLanguage(): [string | null, (language: string | null) => void] {
  const [language, setLanguage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api()
      .invoke('settings:get')
      .then((settings) => live && setLanguage(settings.uploadLanguage ?? null), () => undefined);
    return () => {
      live = false;
    };
  }, []);

  const choose = (next: string | null) => {
    setLanguage(next);
    // Remembering is best effort: the choice still applies to this session's uploads.
    api()
      .invoke('settings:set', { uploadLanguage: next })
      .catch(() => undefined);
  };
  return [language, choose];
}

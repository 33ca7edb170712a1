import { createContext, Fragment, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, hasBiblio } from '../biblio.js';
import { interpolate, resolveLocale, template, translate } from './translate.js';
import type { Locale, MessageKey, MessageValues } from './types.js';

type RichValues = Readonly<Record<string, ReactNode>>;

export interface I18n {
  locale: Locale;
  /** A message as text (labels, titles, aria-labels). */
  t(key: MessageKey, values?: MessageValues): string;
  /** A message whose placeholders are elements (a link, <strong>), as nodes. */
  rich(key: MessageKey, values: RichValues): ReactNode;
  /** Applies a saved language choice ('auto', 'en', 'ko') at once, e.g. right after Settings saved it. */
  choose(choice: string): void;
}

const I18nContext = createContext<I18n | null>(null);

function systemLanguage(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}

/**
 * The language of the whole renderer: the OS/browser language until the core's settings say
 * otherwise (the core's settings, so the Electron window and the browser host agree).
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [choice, setChoice] = useState('auto');
  const locale = resolveLocale(choice, systemLanguage());

  useEffect(() => {
    if (!hasBiblio()) return;
    let live = true;
    api()
      .invoke('settings:get')
      .then((settings) => live && setChoice(settings.language), () => undefined);
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const choose = useCallback((next: string) => setChoice(next), []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      t: (key, values) => translate(locale, key, values),
      rich: (key, values) => {
        const count = values['count'];
        return interpolate<ReactNode>(locale, template(locale, key, typeof count === 'number' ? { count } : undefined), values).map((part, i) =>
          typeof part === 'string' ? part : <Fragment key={i}>{part}</Fragment>,
        );
      },
      choose,
    }),
    [locale, choose],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() outside <I18nProvider>');
  return i18n;
}

/** The translate function of the current language. */
export function useT(): I18n['t'] {
  return useI18n().t;
}

import type { Locale } from './types.js';

/** Each language in its own name, as language pickers show them: readable whatever the UI language is. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', ko: '한국어' };

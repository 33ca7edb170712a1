import { en } from './messages/en.js';
import { ko } from './messages/ko.js';
import type { Locale, MessageKey, Messages, MessageValues, PluralForms } from './types.js';

const CATALOGUES: Readonly<Record<Locale, Messages>> = { en, ko };

/** The saved choice ('auto', 'en', 'ko') plus the OS/browser language: ko* is Korean, anything else English. */
export function resolveLocale(choice: string | null | undefined, systemLanguage: string | undefined): Locale {
  if (choice === 'en' || choice === 'ko') return choice;
  return systemLanguage?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function messagesOf(locale: Locale): Messages {
  return CATALOGUES[locale];
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(count);
}

function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(value);
}

/** The template for `key`: plural forms are chosen by `values.count` (missing forms fall back to `other`). */
export function template(locale: Locale, key: MessageKey, values?: Readonly<Record<string, unknown>>): string {
  const message: string | PluralForms = messagesOf(locale)[key];
  if (typeof message === 'string') return message;
  const count = values?.['count'];
  return (typeof count === 'number' ? message[pluralCategory(locale, count)] : undefined) ?? message.other;
}

/**
 * Splits a template into text and placeholder values, so a value can be a React element (a link,
 * <strong>) as well as text. An unknown placeholder stays visible as `{name}` rather than vanishing.
 */
export function interpolate<T>(locale: Locale, text: string, values: Readonly<Record<string, T | string | number>> = {}): (string | T)[] {
  const parts: (string | T)[] = [];
  let from = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    const name = match[1]!;
    if (!(name in values)) continue;
    if (match.index > from) parts.push(text.slice(from, match.index));
    const value = values[name]!;
    parts.push(typeof value === 'number' ? formatNumber(locale, value) : value);
    from = match.index + match[0].length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/** The message `key` in `locale` as plain text. */
export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  return interpolate<string>(locale, template(locale, key, values), values).join('');
}

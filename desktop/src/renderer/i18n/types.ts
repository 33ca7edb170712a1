import type { en } from './messages/en.js';

/** Plural forms by Intl.PluralRules category; `other` is the one every language has. */
export type PluralForms = { readonly other: string } & Partial<Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>>;

export type MessageKey = keyof typeof en;

/** A language's messages: every English key, each a string or (where en has plural forms) plural forms. */
export type Messages = { readonly [K in MessageKey]: (typeof en)[K] extends string ? string : PluralForms };

/** The languages the renderer speaks. */
export type Locale = 'en' | 'ko';
export const LOCALES: readonly Locale[] = ['en', 'ko'];

/** Values for `{name}` placeholders; numbers are written with the locale's digits and separators. */
export type MessageValues = Readonly<Record<string, string | number>>;

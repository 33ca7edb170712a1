import { translate } from './i18n/translate.js';
import type { Locale } from './i18n/types.js';

/** Human-readable numbers for the queue and library, in the reader's language (Intl does the wording). */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Decimal units (1 KB = 1000 B), one decimal below 100: "1.5 GB", "1.5GB" in Korean. */
function scaled(bytes: number): { value: number; unit: (typeof UNITS)[number]; digits: number } {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return { value, unit: UNITS[unit]!, digits: unit === 0 || value >= 100 ? 0 : 1 };
}

export function formatBytes(bytes: number, locale: Locale): string {
  const { value, unit, digits } = scaled(bytes);
  // Intl's short "byte" reads "512 byte"; B is what every file manager shows.
  if (unit === 'byte') return translate(locale, 'size.bytes', { count: Math.round(value) });
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function formatSpeed(bytesPerSecond: number, locale: Locale): string {
  const { value, unit, digits } = scaled(bytesPerSecond);
  if (unit === 'byte') return `${translate(locale, 'size.bytes', { count: Math.round(value) })}/s`;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: `${unit}-per-second`, unitDisplay: 'short', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** 75 -> "1:15", 3725 -> "1:02:05": the notation players use in every language, so search hits read the same. */
export function formatTime(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A remaining time in words ("3 minutes", "3분"); '' when unknown. The caller adds "left". */
export function formatDuration(seconds: number | null, locale: Locale): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const unit = (name: 'second' | 'minute' | 'hour', value: number, digits = 0) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long', maximumFractionDigits: digits }).format(value);
  if (seconds < 60) return unit('second', Math.max(1, Math.round(seconds)));
  if (seconds < 3600) return unit('minute', Math.round(seconds / 60));
  return unit('hour', Math.round((seconds / 3600) * 10) / 10, 1);
}

export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, (done / total) * 100));
}

/** 42.7 -> "42%": whole percents, the locale's way. */
export function formatPercent(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.floor(value) / 100);
}

/** "Dec 3, 2026, 2:05 PM" / "2026년 12월 3일 오후 2:05": month in words, so day/month order is never ambiguous. */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(date);
}

/** The date alone: "Dec 3, 2026" / "2026. 12. 3.". */
export function formatDay(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

import type { SpeechToTextInfo } from '@biblio/shared';

/** Spoken languages the upload form offers, by ISO 639 code; the name is the language's own. */
export const UPLOAD_LANGUAGES: readonly { code: string; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'ko', name: '한국어' },
  { code: 'ja', name: '日本語' },
  { code: 'zh', name: '中文' },
  { code: 'es', name: 'Español' },
  { code: 'fr', name: 'Français' },
  { code: 'de', name: 'Deutsch' },
];

/** "pt-BR" -> "pt": engines list primary codes. */
function primary(code: string): string {
  return code.split('-')[0]!.toLowerCase();
}

export function languageName(code: string): string {
  return UPLOAD_LANGUAGES.find((l) => l.code === primary(code))?.name ?? code;
}

/** Whether the appliance's engine transcribes `language` (null = auto-detect: any engine tries). */
export function engineSupports(stt: SpeechToTextInfo | undefined, language: string | null): boolean {
  if (!stt || language === null) return true;
  return stt.languages.includes('*') || stt.languages.map(primary).includes(primary(language));
}

/** Spoken-language rules shared by the transcribe stage and what the API reports. */

/** The primary subtag of a language tag: "pt-BR" -> "pt", " KO " -> "ko". */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0]!;
}

/** True when an engine with these languages can transcribe an upload marked `language` (null: unknown, try). */
export function engineSpeaks(languages: readonly string[] | 'any', language: string | null): boolean {
  if (languages === 'any' || language === null || language.trim() === '') return true;
  return languages.includes(primaryLanguage(language));
}

/** Why the transcribe stage skipped, in words the owner can act on. */
export function unsupportedLanguageReason(engine: string, languages: readonly string[], language: string): string {
  return (
    `${engine} transcribes ${languages.join(', ')} only and this upload is marked "${language}": ` +
    'not transcribed (it would be gibberish). Provision a multilingual Whisper model (BIBLIO_STT=whisper) and retry the media.'
  );
}

import { describe, expect, it } from 'vitest';
import { engineSpeaks, primaryLanguage } from '../../src/domain/spoken-language.js';
import { transcribeProcessor } from '../../src/pipeline/processors/transcribe.js';
import type { PipelineDeps, StageContext } from '../../src/pipeline/stage-context.js';

describe('spoken language', () => {
  it('matches by primary subtag; unknown language or a multilingual engine always try', () => {
    expect(primaryLanguage(' pt-BR ')).toBe('pt');
    expect(engineSpeaks(['en'], 'en-US')).toBe(true);
    expect(engineSpeaks(['en'], 'ko')).toBe(false);
    expect(engineSpeaks(['en'], null)).toBe(true);
    expect(engineSpeaks('any', 'ko')).toBe(true);
  });

  it('an English-only engine skips a Korean upload with a reason instead of decoding it', async () => {
    let called = false;
    const deps = {
      speechToText: { engine: 'pocketsphinx (en-us)', languages: ['en'], transcribe: async () => ((called = true), []) },
    } as unknown as PipelineDeps;
    const facts = { kind: 'audio', container: 'mp4', durationSec: 10, width: null, height: null, videoCodec: null, audioCodec: 'aac', hasAudio: true };
    const ctx = { media: { id: 'm', language: 'ko', facts } } as unknown as StageContext;
    const outcome = await transcribeProcessor(deps)(ctx);
    expect(outcome.status).toBe('skipped');
    expect(outcome.status === 'skipped' && outcome.reason).toMatch(/pocketsphinx \(en-us\) transcribes en only.*"ko"/);
    expect(called).toBe(false);
  });
});

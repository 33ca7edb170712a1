import { describe, expect, it } from 'vitest';
import { guessSubtitleFormat } from '@biblio/shared';
import { editedText, planSplit, retranscribeNeedsConfirmation, speakerByName } from '../../src/renderer/library/transcript-edit.js';

describe('splitting a segment at the text cursor', () => {
  it('cuts the time in proportion to the text before the cursor', () => {
    expect(planSplit({ start: 10, end: 20 }, 'hello world', 6)).toEqual({ at: 15.455, textBefore: 'hello', textAfter: 'world' });
  });
  it('keeps the cut strictly inside the segment', () => {
    const plan = planSplit({ start: 0, end: 1 }, 'a                   b', 1)!;
    expect(plan.at).toBeGreaterThan(0);
    expect(plan.at).toBeLessThan(1);
    expect(planSplit({ start: 0, end: 1 }, 'a b', 2)!.at).toBeLessThan(1);
  });
  it('refuses a cut that leaves one side empty or a segment too short to cut', () => {
    expect(planSplit({ start: 0, end: 4 }, 'hello', 0)).toBeNull();
    expect(planSplit({ start: 0, end: 4 }, 'hello   ', 5)).toBeNull();
    expect(planSplit({ start: 3, end: 3.05 }, 'a b', 1)).toBeNull();
  });
});

describe('editor rules', () => {
  it('finds an existing speaker by name, ignoring case and spaces', () => {
    const speakers = [{ id: 's1', name: 'Alice' }, { id: 's2', name: 'Bob' }];
    expect(speakerByName(speakers, ' alice ')).toEqual({ id: 's1', name: 'Alice' });
    expect(speakerByName(speakers, 'Carol')).toBeNull();
  });
  it('asks before re-running speech-to-text over imported or edited text only', () => {
    expect(retranscribeNeedsConfirmation('imported')).toBe(true);
    expect(retranscribeNeedsConfirmation('edited')).toBe(true);
    expect(retranscribeNeedsConfirmation('stt')).toBe(false);
    expect(retranscribeNeedsConfirmation(null)).toBe(false);
  });
  it('sends a text edit only when it changed and is not blank', () => {
    expect(editedText('old words', ' new words ')).toBe('new words');
    expect(editedText('old words', 'old words ')).toBeNull();
    expect(editedText('old words', '   ')).toBeNull();
  });
  it('tells subtitle formats apart by name, then by content', () => {
    expect(guessSubtitleFormat('talk.SRT', '')).toBe('srt');
    expect(guessSubtitleFormat('talk.vtt', '1\n00:00:01,000 --> 00:00:02,000\nx')).toBe('vtt');
    expect(guessSubtitleFormat('subs', '\uFEFFWEBVTT\n\n')).toBe('vtt');
    expect(guessSubtitleFormat('subs', ' {"segments":[]}')).toBe('json');
    expect(guessSubtitleFormat('subs', '1\n00:00:01,000 --> 00:00:02,000\nx')).toBe('srt');
  });
});

import { describe, expect, it } from 'vitest';
import { editSegment, mergeWithNext, renameSpeakers, speakerNamed, splitSegment, TranscriptEditError, withSpeakerNames, type TranscriptDraft } from '../../src/domain/transcript-edit.js';
import { parseTranscriptFile } from '../../src/domain/transcript-import.js';
import { baseVersion, checkCurrent, parseIfMatch, transcriptEtag, VersionPreconditionError } from '../../src/domain/transcript-revision.js';
import { SubtitleImportError } from '../../src/domain/subtitle-import.js';
import { toPlainText, toSrt, toWebVtt } from '../../src/domain/subtitles.js';

const draft = (): TranscriptDraft => ({
  segments: [
    { start: 0, end: 2, text: 'hello there', speaker: 'S1' },
    {
      start: 2,
      end: 6,
      text: 'the budget grew this year',
      words: [
        { start: 2, end: 2.5, text: 'the' },
        { start: 2.5, end: 3.2, text: 'budget' },
        { start: 3.2, end: 4, text: 'grew' },
        { start: 4.2, end: 5, text: 'this' },
        { start: 5, end: 6, text: 'year' },
      ],
    },
    { start: 7, end: 9, text: 'thank you', speaker: 'S2' },
  ],
  speakers: [
    { id: 'S1', name: 'Alice' },
    { id: 'S2', name: 'Bob' },
  ],
});

function thrown<E extends Error>(run: () => unknown, type: new (...args: never[]) => E): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}

describe('editing one segment', () => {
  it('changes text and drops the word timings that no longer match; the input is untouched', () => {
    const before = draft();
    const after = editSegment(before, 1, { text: '  the budget shrank  ' }, 60);
    expect(after.segments[1]).toEqual({ start: 2, end: 6, text: 'the budget shrank' });
    expect(before.segments[1]!.text).toBe('the budget grew this year');
  });

  it('sets a speaker by id or by a new name, and removes one with null (unused speakers go)', () => {
    expect(editSegment(draft(), 1, { speaker: 'S2' }, 60).segments[1]!.speaker).toBe('S2');
    const named = editSegment(draft(), 1, { speaker: 'Dr. Kim' }, 60);
    expect(named.segments[1]!.speaker).toBe('S3');
    expect(named.speakers).toContainEqual({ id: 'S3', name: 'Dr. Kim' });
    expect(editSegment(draft(), 1, { speaker: 'alice' }, 60).segments[1]!.speaker).toBe('S1');
    const removed = editSegment(draft(), 0, { speaker: null }, 60);
    expect(removed.segments[0]!.speaker).toBeUndefined();
    expect(removed.speakers.map((s) => s.id)).toEqual(['S2']);
  });

  it('refuses times out of order, an end before the start, or past the media; an unknown segment is 404', () => {
    expect(thrown(() => editSegment(draft(), 1, { start: 7.5, end: 8 }, 60), TranscriptEditError).field).toBe('start');
    expect(thrown(() => editSegment(draft(), 1, { end: 1.5 }, 60), TranscriptEditError).field).toBe('end');
    expect(thrown(() => editSegment(draft(), 2, { end: 70 }, 60), TranscriptEditError).field).toBe('end');
    expect(editSegment(draft(), 2, { end: 60.5 }, 60).segments[2]!.end).toBe(60.5);
    expect(thrown(() => editSegment(draft(), 3, { text: 'x' }, 60), TranscriptEditError).status).toBe(404);
  });
});

describe('split and merge', () => {
  it('splits by the words’ own times when the engine gave them', () => {
    const split = splitSegment(draft(), 1, { at: 4.1 });
    expect(split.segments.map((s) => [s.start, s.end, s.text])).toEqual([
      [0, 2, 'hello there'],
      [2, 4.1, 'the budget grew'],
      [4.1, 6, 'this year'],
      [7, 9, 'thank you'],
    ]);
    expect(split.segments[2]!.words!.map((w) => w.text)).toEqual(['this', 'year']);
  });

  it('splits by time share without words, or with the texts given; keeps the speaker', () => {
    const split = splitSegment(draft(), 0, { at: 1 });
    expect(split.segments.slice(0, 2)).toEqual([
      { start: 0, end: 1, text: 'hello', speaker: 'S1' },
      { start: 1, end: 2, text: 'there', speaker: 'S1' },
    ]);
    const given = splitSegment(draft(), 0, { at: 0.5, textBefore: 'hel', textAfter: 'lo there' });
    expect(given.segments.slice(0, 2).map((s) => s.text)).toEqual(['hel', 'lo there']);
  });

  it('refuses a cut outside the segment or only one of the two texts', () => {
    expect(thrown(() => splitSegment(draft(), 0, { at: 2 }), TranscriptEditError).field).toBe('at');
    expect(thrown(() => splitSegment(draft(), 0, { at: 1, textBefore: 'x' }), TranscriptEditError).field).toBe('textAfter');
  });

  it('merges with the next segment: first start, later end, texts joined, first speaker', () => {
    const merged = mergeWithNext(draft(), 0);
    expect(merged.segments[0]).toEqual({ start: 0, end: 6, text: 'hello there the budget grew this year', speaker: 'S1' });
    expect(merged.segments).toHaveLength(2);
    expect(thrown(() => mergeWithNext(draft(), 2), TranscriptEditError).field).toBe('n');
  });
});

describe('speakers', () => {
  it('renames by id, everywhere at once; unknown ids and duplicate names are refused', () => {
    const renamed = renameSpeakers(draft(), [{ id: 'S2', name: 'Robert' }]);
    expect(withSpeakerNames(renamed).map((s) => s.speakerName)).toEqual(['Alice', undefined, 'Robert']);
    expect(thrown(() => renameSpeakers(draft(), [{ id: 'S9', name: 'X' }]), TranscriptEditError).status).toBe(404);
    expect(thrown(() => renameSpeakers(draft(), [{ id: 'S2', name: 'ALICE' }]), TranscriptEditError).field).toBe('speakers');
  });

  it('numbers new speakers with the first free id', () => {
    expect(speakerNamed([{ id: 'S2', name: 'B' }], 'C').id).toBe('S1');
  });

  it('exports name speakers: VTT voice spans, SRT and TXT "Name:" prefixes', () => {
    const segments = withSpeakerNames(draft());
    expect(toWebVtt(segments)).toContain('00:00:00.000 --> 00:00:02.000\n<v Alice>hello there\n');
    expect(toSrt(segments)).toContain('3\n00:00:07,000 --> 00:00:09,000\nBob: thank you\n');
    expect(toPlainText(segments)).toBe('[00:00:00] Alice: hello there\n[00:00:02] the budget grew this year\n[00:00:07] Bob: thank you\n');
  });
});

describe('transcript files', () => {
  it('VTT voice tags and SRT capital prefixes become speakers, numbered in order of appearance', () => {
    const vtt = parseTranscriptFile('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ji-woo>안녕하세요\n\n00:03.000 --> 00:04.000\n<v Sam>hi\n\n00:05.000 --> 00:06.000\n<v Ji-woo>반갑습니다\n', 'vtt', 10);
    expect(vtt.speakers).toEqual([{ id: 'S1', name: 'Ji-woo' }, { id: 'S2', name: 'Sam' }]);
    expect(vtt.segments.map((s) => s.speaker)).toEqual(['S1', 'S2', 'S1']);
    const srt = parseTranscriptFile('1\n00:00:01,000 --> 00:00:02,000\nKIM: hello\n', 'srt', 10);
    expect(srt).toEqual({ segments: [{ start: 1, end: 2, text: 'hello', speaker: 'S1' }], speakers: [{ id: 'S1', name: 'KIM' }] });
  });

  it('reads Biblio JSON (speaker ids or names) with the same rules, naming the segment', () => {
    const json = JSON.stringify({ segments: [{ start: 0, end: 1, text: 'a', speaker: 'x' }, { start: 1, end: 2, text: 'b', speaker: 'Zoe' }], speakers: [{ id: 'x', name: 'Xavier' }] });
    expect(parseTranscriptFile(json, 'json', 10).speakers).toEqual([{ id: 'S1', name: 'Xavier' }, { id: 'S2', name: 'Zoe' }]);
    const backwards = JSON.stringify({ segments: [{ start: 5, end: 6, text: 'a' }, { start: 1, end: 2, text: 'b' }] });
    expect(thrown(() => parseTranscriptFile(backwards, 'json', 10), SubtitleImportError).cue).toBe(2);
    expect(thrown(() => parseTranscriptFile(JSON.stringify({ segments: [{ start: 0, end: 99, text: 'a' }] }), 'json', 10), SubtitleImportError).cue).toBe(1);
    expect(thrown(() => parseTranscriptFile('[1,2]', 'json', 10), SubtitleImportError).cue).toBeUndefined();
  });
});

describe('versions and If-Match', () => {
  it('reads our ETags (weak or strong) and bare numbers; refuses anything else', () => {
    expect(parseIfMatch(transcriptEtag(7))).toBe(7);
    expect(parseIfMatch('W/"transcript-7"')).toBe(7);
    expect(parseIfMatch('7')).toBe(7);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(thrown(() => parseIfMatch('"abc"'), VersionPreconditionError).status).toBe(400);
  });

  it('edits must name their base (428); a stale base is 409; body and header must agree', () => {
    expect(thrown(() => baseVersion(undefined, undefined, true), VersionPreconditionError).status).toBe(428);
    expect(baseVersion(undefined, undefined, false)).toBeUndefined();
    expect(baseVersion(3, '"transcript-3"', true)).toBe(3);
    expect(thrown(() => baseVersion(3, '"transcript-4"', true), VersionPreconditionError).status).toBe(400);
    expect(() => checkCurrent(3, 3)).not.toThrow();
    expect(() => checkCurrent(undefined, 3)).not.toThrow();
    expect(thrown(() => checkCurrent(2, 3), VersionPreconditionError).status).toBe(409);
  });
});

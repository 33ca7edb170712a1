import { describe, expect, it } from 'vitest';
import { highlightParts } from '../../src/renderer/search/highlight.js';
import { moveActive } from '../../src/renderer/search/listbox.js';
import { Typeahead, type Timers } from '../../src/renderer/search/typeahead.js';
import { engineSupports } from '../../src/renderer/upload/language.js';

/** A clock the test advances by hand. */
function manualTimers() {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    set: (run, ms) => {
      const handle = next++;
      due.set(handle, { at: now + ms, run });
      return handle;
    },
    clear: (handle) => void due.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [handle, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= now) {
        due.delete(handle);
        timer.run();
      }
    }
  };
  return { timers, advance, pending: () => due.size };
}

function setup() {
  const clock = manualTimers();
  const asked: { query: string; ticket: number }[] = [];
  let cleared = 0;
  const typeahead = new Typeahead({
    delayMs: 250,
    timers: clock.timers,
    request: (query, ticket) => asked.push({ query, ticket }),
    clear: () => cleared++,
  });
  return { typeahead, asked, clock, cleared: () => cleared };
}

describe('search as you type', () => {
  it('asks once for the text after a pause, not for every keystroke', () => {
    const { typeahead, asked, clock } = setup();
    for (const text of ['r', 'ri', 'riv', 'rive', 'river']) {
      typeahead.input(text);
      clock.advance(100);
    }
    expect(asked).toEqual([]);
    clock.advance(250);
    expect(asked.map((a) => a.query)).toEqual(['river']);
  });

  it('shows only the newest answer: an older ticket is no longer current', () => {
    const { typeahead, asked, clock } = setup();
    typeahead.input('river');
    clock.advance(250);
    typeahead.input('river bank');
    clock.advance(250);
    expect(asked).toHaveLength(2);
    expect(typeahead.isCurrent(asked[0]!.ticket)).toBe(false);
    expect(typeahead.isCurrent(asked[1]!.ticket)).toBe(true);
  });

  it('clears at once when the box is emptied, and a late answer to the old query is dropped', () => {
    const { typeahead, asked, clock, cleared } = setup();
    typeahead.input('river');
    clock.advance(250);
    typeahead.input('');
    expect(cleared()).toBe(1);
    expect(typeahead.isCurrent(asked[0]!.ticket)).toBe(false);
    clock.advance(1000);
    expect(asked).toHaveLength(1);
  });

  it('does not ask again for the same text (trailing space, a repeated event)', () => {
    const { typeahead, asked, clock } = setup();
    typeahead.input('river');
    clock.advance(250);
    typeahead.input('river ');
    clock.advance(250);
    expect(asked).toHaveLength(1);
  });

  it('Enter asks at once, even for the text already asked', () => {
    const { typeahead, asked, clock } = setup();
    typeahead.input('river');
    clock.advance(250);
    typeahead.submit('river');
    expect(asked.map((a) => a.query)).toEqual(['river', 'river']);
    expect(clock.pending()).toBe(0);
  });
});

describe('Korean IME composition', () => {
  it('asks nothing for half-composed syllables, then once after composition ends', () => {
    const { typeahead, asked, clock } = setup();
    typeahead.compositionStart();
    // 강의: ㄱ, 가, 강, 강ㅇ, 강이, 강의 while composing.
    for (const text of ['ㄱ', '가', '강', '강ㅇ', '강이', '강의']) {
      typeahead.input(text, true);
      clock.advance(300);
    }
    expect(asked).toEqual([]);
    typeahead.compositionEnd('강의');
    // Chromium fires one more input event (isComposing false) right after compositionend.
    typeahead.input('강의', false);
    clock.advance(250);
    expect(asked.map((a) => a.query)).toEqual(['강의']);
  });

  it('an input event flagged isComposing is ignored even without compositionstart', () => {
    const { typeahead, asked, clock } = setup();
    typeahead.input('가', true);
    clock.advance(500);
    expect(asked).toEqual([]);
  });

  it('a request already waiting is dropped when composition starts', () => {
    const { typeahead, asked, clock } = setup();
    typeahead.input('db');
    clock.advance(100);
    typeahead.compositionStart();
    clock.advance(500);
    expect(asked).toEqual([]);
    typeahead.compositionEnd('db 강');
    clock.advance(250);
    expect(asked.map((a) => a.query)).toEqual(['db 강']);
  });
});

describe('highlighted snippets', () => {
  it('splits text at the ranges', () => {
    expect(highlightParts('the old library', [{ start: 8, end: 15 }])).toEqual([
      { text: 'the old ', marked: false },
      { text: 'library', marked: true },
    ]);
  });

  it('keeps every character once with overlapping, unsorted and out-of-bounds ranges', () => {
    const text = '데이터베이스 강의를 듣다';
    const parts = highlightParts(text, [{ start: 7, end: 9 }, { start: 0, end: 3 }, { start: 2, end: 6 }, { start: 10, end: 99 }, { start: 5, end: 5 }]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.marked).map((p) => p.text)).toEqual(['데이터베이스', '강의', ' 듣다']);
  });

  it('no ranges: the whole text, unmarked', () => {
    expect(highlightParts('abc', undefined)).toEqual([{ text: 'abc', marked: false }]);
    expect(highlightParts('', [])).toEqual([{ text: '', marked: false }]);
  });
});

describe('suggestion list keys', () => {
  it('down and up wrap through the box (-1)', () => {
    expect(moveActive(-1, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(-1);
    expect(moveActive(-1, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(-1);
    expect(moveActive(0, 0, 'ArrowDown')).toBe(-1);
  });
});

describe('upload language against the engine', () => {
  const pocketsphinx = { engine: 'pocketsphinx', languages: ['en'] };
  it('an English-only engine cannot do Korean; auto-detect and English are fine', () => {
    expect(engineSupports(pocketsphinx, 'ko')).toBe(false);
    expect(engineSupports(pocketsphinx, 'en')).toBe(true);
    expect(engineSupports(pocketsphinx, null)).toBe(true);
  });
  it('an engine of any language supports all; regional codes match their language', () => {
    expect(engineSupports({ engine: 'whisper', languages: ['*'] }, 'ko')).toBe(true);
    expect(engineSupports({ engine: 'x', languages: ['pt'] }, 'pt-BR')).toBe(true);
  });
});

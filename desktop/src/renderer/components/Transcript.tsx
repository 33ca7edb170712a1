import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { formatTime } from '../format.js';
import { useEditableTranscript } from '../hooks/useEditableTranscript.js';
import { activeSegment, findSegments, splitMatches } from '../library/transcript-find.js';
import { SegmentEditor } from './transcript/SegmentEditor.js';
import { SpeakerChip } from './transcript/SpeakerChip.js';
import { StaleTranscriptNotice, TranscriptEditor } from './transcript/TranscriptEditor.js';
import { useT } from '../i18n/I18nProvider.js';

interface Props {
  mediaId: string;
  /** Whether the appliance has finished the transcript; fetched (again) when this flips. */
  available: boolean;
  currentTime: number;
  onSeek(seconds: number): void;
  /** "Copy link to this moment" for a line (a find hit or any line). */
  onShare(seconds: number): void;
}

export interface TranscriptHandle {
  /** Puts the cursor in "Find in transcript" (the / shortcut). */
  focusFind(): void;
}

/**
 * The transcript beside the player: the line being spoken is highlighted and kept in view (until
 * the reader scrolls away to read elsewhere), a line seeks the player, and a find box marks and
 * steps through the lines that contain a phrase.
 */
export const Transcript = forwardRef<TranscriptHandle, Props>(function Transcript({ mediaId, available, currentTime, onSeek, onShare }, ref) {
  const t = useT();
  const editable = useEditableTranscript(mediaId, available);
  const { load } = editable;
  // Edit mode: a click (or Enter) on a line edits it instead of seeking; `editing` is that line.
  const [editMode, setEditMode] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [hit, setHit] = useState(0);
  const [follow, setFollow] = useState(true);
  const findInput = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);

  useImperativeHandle(ref, () => ({ focusFind: () => findInput.current?.focus() }), []);

  const transcript = load.kind === 'ok' ? load.transcript : null;
  const segments = transcript?.segments ?? [];
  const active = activeSegment(segments, currentTime);
  const hits = useMemo(() => findSegments(segments, query), [segments, query]);
  const current = hits.length > 0 ? hits[Math.min(hit, hits.length - 1)]! : -1;

  // Keep the spoken line in view inside the list only: the page (and the player) must not move.
  useEffect(() => {
    if (follow && active >= 0 && !query) scrollIntoList(list.current, active);
  }, [active, follow, query]);
  useEffect(() => {
    if (current >= 0) scrollIntoList(list.current, current);
  }, [current]);

  const step = (delta: number) => hits.length > 0 && setHit((h) => (Math.min(h, hits.length - 1) + delta + hits.length) % hits.length);

  let body;
  if (!available) body = <p className="empty">{t('transcript.notYet')}</p>;
  else if (load.kind === 'loading') body = <p className="empty">{t('transcript.loading')}</p>;
  else if (load.kind === 'error')
    body = (
      <p className="notice notice--error" role="alert">
        {t('transcript.loadError', { error: load.message })}
      </p>
    );
  else if (segments.length === 0) body = <p className="empty">{t('transcript.noSpeech')}</p>;
  else
    body = (
      <ol
        className="transcript"
        aria-label={t('transcript.title')}
        ref={list}
        // A reader scrolling the list takes over; following resumes from the button.
        onWheel={() => setFollow(false)}
        onTouchMove={() => setFollow(false)}
      >
        {segments.map((segment, i) => {
          const isActive = i === active;
          const isHit = query.trim() !== '' && hits.includes(i);
          return (
            <li key={`${segment.start}-${segment.end}`} className={`segment-row${isHit ? ' is-hit' : ''}${i === current ? ' is-current-hit' : ''}`} data-index={i}>
              <SpeakerChip
                mediaId={mediaId}
                index={i}
                segment={segment}
                speakers={transcript?.speakers ?? []}
                version={transcript?.version ?? 0}
                editable={editMode}
                onChange={editable.apply}
              />
              {editing === i && transcript ? (
                <SegmentEditor
                  mediaId={mediaId}
                  index={i}
                  segment={segment}
                  version={transcript.version ?? 0}
                  hasNext={i + 1 < segments.length}
                  onChange={editable.apply}
                  onClose={() => {
                    setEditing(null);
                    // Keyboard users continue from the line they edited.
                    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-index="${i}"] .segment`)?.focus());
                  }}
                />
              ) : (
              <button
                type="button"
                className={`segment${isActive ? ' is-active' : ''}`}
                data-testid="transcript-segment"
                data-start={segment.start}
                aria-current={isActive ? 'true' : undefined}
                onClick={() => (editMode ? setEditing(i) : onSeek(segment.start))}
              >
                <span className="segment-time">{formatTime(segment.start)}</span>
                <span className="segment-text">
                  {splitMatches(segment.text, isHit ? query : '').map((part, j) => (part.match ? <mark key={j}>{part.text}</mark> : <span key={j}>{part.text}</span>))}
                </span>
              </button>
              )}
              <button type="button" className="segment-share" aria-label={t('transcript.shareAt', { time: formatTime(segment.start) })} title={t('transcript.shareTitle')} onClick={() => onShare(segment.start)}>
                <LinkIcon />
              </button>
            </li>
          );
        })}
      </ol>
    );

  return (
    <section className="transcript-panel" aria-labelledby="transcript-title">
      <div className="transcript-head">
        <h3 id="transcript-title">{t('transcript.title')}</h3>
        {!follow && (
          <button type="button" className="link" onClick={() => setFollow(true)}>
            {t('transcript.follow')}
          </button>
        )}
      </div>
      {transcript && (
        <TranscriptEditor
          mediaId={mediaId}
          transcript={transcript}
          editing={editMode}
          onEditing={(on) => {
            setEditMode(on);
            setEditing(null);
          }}
          onChange={editable.apply}
          onImported={editable.replace}
        />
      )}
      {editable.stale && <StaleTranscriptNotice notice={editable.stale} onDismiss={editable.dismissStale} />}
      {segments.length > 0 && (
        <form
          className="transcript-find"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            step(1);
          }}
        >
          <input
            ref={findInput}
            type="search"
            aria-label={t('transcript.findLabel')}
            placeholder={t('transcript.findPlaceholder')}
            value={query}
            onChange={(e) => {
              setQuery(e.currentTarget.value);
              setHit(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setQuery('');
                e.currentTarget.blur();
              }
            }}
          />
          {query.trim() && (
            <span className="find-count" role="status" data-testid="find-count">
              {hits.length === 0 ? t('transcript.noMatch') : t('transcript.matchOf', { current: Math.min(hit, hits.length - 1) + 1, total: hits.length })}
            </span>
          )}
          {hits.length > 0 && (
            <>
              <button type="button" aria-label={t('transcript.previous')} onClick={() => step(-1)}>
                ↑
              </button>
              <button type="button" aria-label={t('transcript.next')} onClick={() => step(1)}>
                ↓
              </button>
              <button type="button" onClick={() => onSeek(segments[current]!.start)}>
                {t('transcript.playFromHere')}
              </button>
            </>
          )}
        </form>
      )}
      {body}
    </section>
  );
});

/** A chain link, drawn rather than an emoji: not every system has an emoji font. */
function LinkIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
      <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
    </svg>
  );
}

/** Scrolls the list (not the page) so line `index` sits a third of the way down. */
function scrollIntoList(list: HTMLOListElement | null, index: number): void {
  const item = list?.querySelector<HTMLElement>(`[data-index="${index}"]`);
  if (!list || !item) return;
  const top = item.offsetTop - list.clientHeight / 3;
  const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  list.scrollTo({ top: Math.max(0, top), behavior: reduce ? 'auto' : 'smooth' });
}

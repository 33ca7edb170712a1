import type { SearchField, SearchGroupDto, SearchResponseDto, SearchResultDto } from '@biblio/shared';
import { highlightRanges } from '../domain/highlight.js';
import { bestSegment, reciprocalRankFusion } from '../domain/ranking.js';
import { focusText, matchingRuns, matchTier, planQuery, type TextQuery, type TextTier } from '../domain/search-query.js';
import { allTerms } from '../domain/text-tokens.js';
import { embeddingsFor } from '../pipeline/index-chunks.js';
import { DEFAULT_NOISE_DISTANCE, type Embedder } from '../ports/embedder.js';
import type { ChunkFilter, ChunkHit, NameHit, SearchIndex } from '../ports/search-index.js';
import type { TranscriptSegment } from '../ports/speech-to-text.js';
import { expandQuery } from './search-expansion.js';
import { SearchSuggestions } from './search-suggest.js';

/** One hit as GET /api/search answers it (the shared contract owns the shape). */
export type SearchResult = SearchResultDto;

const CANDIDATES = 50;
const NAME_CANDIDATES = 20;
/** Suggestions offered with an empty answer. */
const NO_RESULT_SUGGESTIONS = 5;

/** Tier weights: any hit of a better tier outranks every hit of a worse one (RRF adds < 1). */
const TIER_BASE: Record<TextTier | 'semantic', number> = { phrase: 4, all: 3, expanded: 2, partial: 1, semantic: 0 };

interface Moment {
  result: SearchResult;
  tier: TextTier | 'semantic';
  score: number;
}

/**
 * Hybrid search over transcripts, titles and filenames. Full text decides relevance tiers (exact
 * phrase, every word, every word through typo/초성/stem alternatives, half the words); the
 * embedding ranking only reorders hits inside a tier (reciprocal rank fusion) and adds
 * meaning-only hits where the engine's similarity means something. An engine whose similarity
 * is only word overlap (hashing) is not asked at all: full text ranks that evidence already.
 * Each hit is narrowed to the segment where the words are spoken.
 */
export class SearchService {
  private readonly suggestions: SearchSuggestions;

  constructor(
    private readonly index: SearchIndex,
    private readonly embedder: Embedder,
  ) {
    this.suggestions = new SearchSuggestions(index);
  }

  async search(ownerId: string, query: string, limit: number, filter: ChunkFilter = {}): Promise<SearchResult[]> {
    return (await this.answer(ownerId, query, limit, filter)).results;
  }

  /**
   * The whole answer: moments, the same grouped by recording, suggestions when empty. A speaker
   * filter keeps moments that speaker speaks (titles and filenames have no speaker: left out).
   */
  async answer(ownerId: string, text: string, limit: number, filter: ChunkFilter = {}): Promise<SearchResponseDto> {
    const planned = planQuery(text);
    if (!planned) return { results: [], groups: [] };
    const query = await expandQuery(this.index, ownerId, planned);
    const [byVector, byText, byName] = await Promise.all([
      this.nearest(ownerId, text, filter),
      this.index.textSearch(ownerId, query, CANDIDATES, filter),
      filter.speaker === undefined ? this.index.nameSearch(ownerId, query, NAME_CANDIDATES) : Promise.resolve([]),
    ]);
    const moments = this.rank(query, byVector, byText, byName, filter).slice(0, limit);
    const results = moments.map((m) => m.result);
    const answer: SearchResponseDto = { results, groups: groupByMedia(moments) };
    if (results.length === 0) {
      // Words the owner did say, close to what was typed, then completions of the typed text.
      const near = query.expansions.flat().map((e) => e.term);
      const completions = (await this.suggestions.suggest(ownerId, text)).map((s) => s.text);
      answer.suggestions = [...new Set([...near, ...completions])].slice(0, NO_RESULT_SUGGESTIONS);
    }
    return answer;
  }

  /** Nearest chunks by embedding, unless the engine's similarity is only word overlap (no vector then). */
  private async nearest(ownerId: string, text: string, filter: ChunkFilter): Promise<ChunkHit[]> {
    const [query] = await embeddingsFor(this.embedder, [text]);
    return query ? this.index.vectorSearch(ownerId, query, CANDIDATES, filter) : [];
  }

  /** GET /api/search/suggest. */
  suggest(ownerId: string, text: string) {
    return this.suggestions.suggest(ownerId, text);
  }

  private rank(query: TextQuery, byVector: ChunkHit[], byText: ChunkHit[], byName: NameHit[], filter: ChunkFilter): Moment[] {
    const speaker = filter.speaker?.toLowerCase();
    const spokenBy = (segments: ChunkHit['segments']) => (speaker === undefined ? segments : segments.filter((s) => s.speakerName?.toLowerCase() === speaker));
    const keyOf = (hit: ChunkHit) => `${hit.mediaId}#${hit.seq}`;
    const noise = this.embedder.noiseDistance ?? DEFAULT_NOISE_DISTANCE;
    const close = byVector.filter((h) => (h.distance ?? 1) <= noise);
    const hits = new Map<string, { hit: ChunkHit; tier: TextTier | 'semantic' }>();
    for (const hit of byText) {
      const match = matchTier(allTerms(hit.text), query);
      if (match) hits.set(keyOf(hit), { hit, tier: match.tier });
    }
    const semanticFloor = this.embedder.semanticDistance;
    for (const hit of close) {
      if (!hits.has(keyOf(hit)) && semanticFloor !== undefined && hit.distance! <= semanticFloor) hits.set(keyOf(hit), { hit, tier: 'semantic' });
    }
    const rankings = this.embedder.lexicalOnly ? [byText.map(keyOf)] : [close.map(keyOf), byText.map(keyOf)];
    const fused = new Map(reciprocalRankFusion(rankings).map((f) => [f.id, f.score]));
    const runs = [...matchingRuns(query), query.phrase];
    const focus = focusText(query);
    const moments = new Map<string, Moment>();
    const keep = (key: string, moment: Moment) => {
      const held = moments.get(key);
      if (!held || moment.score > held.score) moments.set(key, moment);
    };
    for (const [key, { hit, tier }] of hits) {
      const segment: TranscriptSegment = bestSegment(focus, spokenBy(hit.segments)) ?? { start: hit.start, end: hit.end, text: hit.text };
      const score = TIER_BASE[tier] + (fused.get(key) ?? 0);
      const result: SearchResult = {
        mediaId: hit.mediaId,
        filename: hit.filename,
        title: hit.title,
        start: segment.start,
        end: segment.end,
        text: segment.text,
        snippet: hit.text,
        score,
        field: 'transcript',
        match: tier,
        highlights: tier === 'semantic' ? [] : highlightRanges(segment.text, runs),
        snippetHighlights: tier === 'semantic' ? [] : highlightRanges(hit.text, runs),
        speaker: segment.speakerName ?? null,
      };
      // Overlapping chunks can point at the same moment: report it once.
      keep(`${hit.mediaId}@${segment.start.toFixed(2)}`, { result, tier, score });
    }
    byName.forEach((hit, rank) => {
      const named = nameMatch(hit, query);
      if (!named) return;
      // Inside a tier a title or filename hit ranks like a first-rank text hit: "the lecture
      // called X" beats a passing mention of X at the same tier.
      const score = TIER_BASE[named.tier] + rankings.length / (60 + rank + 1);
      const text = named.field === 'title' ? hit.title! : hit.filename;
      keep(`${hit.mediaId}@name`, {
        tier: named.tier,
        score,
        result: {
          mediaId: hit.mediaId,
          filename: hit.filename,
          title: hit.title,
          start: 0,
          end: 0,
          text,
          snippet: text,
          score,
          field: named.field,
          match: named.tier,
          highlights: highlightRanges(text, runs),
          snippetHighlights: highlightRanges(text, runs),
        },
      });
    });
    return [...moments.values()].sort((a, b) => b.score - a.score || a.result.mediaId.localeCompare(b.result.mediaId) || a.result.start - b.result.start);
  }
}

/** The better of title and filename for the query (title on ties: it is what people name). */
function nameMatch(hit: NameHit, query: TextQuery): { tier: TextTier; field: SearchField } | undefined {
  const order: readonly TextTier[] = ['phrase', 'all', 'expanded', 'partial'];
  const byTitle = hit.title ? matchTier(allTerms(hit.title), query) : undefined;
  const byFile = matchTier(allTerms(hit.filename), query);
  if (!byTitle && !byFile) return undefined;
  if (byTitle && (!byFile || order.indexOf(byTitle.tier) <= order.indexOf(byFile.tier))) return { tier: byTitle.tier, field: 'title' };
  return { tier: byFile!.tier, field: 'filename' };
}

/** Moments by recording, each recording's best moment first, recordings by their best moment. */
function groupByMedia(moments: readonly Moment[]): SearchGroupDto[] {
  const groups = new Map<string, SearchGroupDto>();
  for (const { result } of moments) {
    const group = groups.get(result.mediaId);
    if (group) group.moments.push(result);
    else groups.set(result.mediaId, { mediaId: result.mediaId, filename: result.filename, title: result.title ?? null, score: result.score, moments: [result] });
  }
  return [...groups.values()];
}

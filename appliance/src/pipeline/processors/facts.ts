import type { MediaRecord } from '../../domain/media.js';
import type { MediaFacts } from '../../domain/media-probe.js';

/** The validated facts of a media; stages after validate cannot run without them. */
export function factsOf(media: MediaRecord): MediaFacts {
  if (!media.facts) throw new Error(`media ${media.id} has no validated facts; the validate stage must run first`);
  return media.facts;
}

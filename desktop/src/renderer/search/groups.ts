import type { IpcResults, SearchHitGroup } from '@biblio/shared';

/**
 * The recordings of a search answer, best moment first. Appliances before grouped search send
 * only `results` (best first): group them here in the order of each recording's best moment.
 */
export function groupsOf(answer: IpcResults['library:search']): SearchHitGroup[] {
  if (answer.groups) return answer.groups;
  const byMedia = new Map<string, SearchHitGroup>();
  for (const hit of answer.results) {
    const group = byMedia.get(hit.mediaId);
    if (group) group.moments.push(hit);
    else byMedia.set(hit.mediaId, { mediaId: hit.mediaId, filename: hit.filename, title: hit.title ?? null, moments: [hit] });
  }
  return [...byMedia.values()];
}

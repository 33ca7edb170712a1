import { describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../../../src/adapters/embed/hashing.js';
import { SearchService } from '../../../src/services/search.js';
import { memoryWorld } from './fixtures.js';

describe('renaming a media', () => {
  it('makes the new title searchable at once and the old one no longer', async () => {
    const world = memoryWorld();
    const media = await world.newMedia('READY');
    // Indexed once (the index stage does this: names join the index with the transcript).
    await world.db.processing.replaceChunks(media.id, media.ownerId, []);
    const search = new SearchService(world.db.processing, new HashingEmbedder());
    const mediaIdsFor = async (q: string) => (await search.answer(media.ownerId, q, 10)).results.map((r) => r.mediaId);
    expect(await mediaIdsFor('talk')).toEqual([media.id]);

    await world.media.rename(media.ownerId, media.id, { title: '분기 마케팅 회의' });
    expect(await mediaIdsFor('마케팅')).toEqual([media.id]);
    await world.media.rename(media.ownerId, media.id, { title: 'Budget review', filename: 'budget.mp4' });
    expect(await mediaIdsFor('마케팅')).toEqual([]);
    expect(await mediaIdsFor('budget review')).toEqual([media.id]);
  });
});

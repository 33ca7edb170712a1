import { describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../../../src/adapters/embed/hashing.js';
import { VersionPreconditionError } from '../../../src/domain/transcript-revision.js';
import { planQuery } from '../../../src/domain/search-query.js';
import { RetranscribeRefusedError, RetranscribeService } from '../../../src/services/retranscribe.js';
import { TranscriptEditing, TranscriptNotEditableError } from '../../../src/services/transcript-editing.js';
import { memoryWorld } from './fixtures.js';

const SRT = '1\n00:00:01,000 --> 00:00:02,000\nJANE: the first words\n\n2\n00:00:03,000 --> 00:00:04,000\nthe second words\n';

function setup() {
  const world = memoryWorld();
  const store = world.db.processing;
  const editing = new TranscriptEditing(store, new HashingEmbedder());
  const retranscribe = new RetranscribeService(world.db, store, world.queue, world.media);
  const user = { id: 'u', name: 'jane', isAdmin: false, createdAt: new Date() };
  return { world, store, editing, retranscribe, user };
}

describe('transcript changes (in memory)', () => {
  it('import, then an edit based on the current version; an older base is refused and changes nothing', async () => {
    const { world, store, editing, user } = setup();
    const media = await world.newMedia('READY', { transcribe: 'done', index: 'done' });
    const imported = await editing.importFile(user, media, new TextEncoder().encode(SRT), 'srt', undefined);
    expect(imported).toMatchObject({ version: 1, source: 'imported', speakers: [{ id: 'S1', name: 'JANE' }] });
    const edited = await editing.editSegment(user, media, 1, { text: 'the corrected words' }, 1);
    expect(edited.version).toBe(2);
    await expect(editing.editSegment(user, media, 1, { text: 'late' }, 1)).rejects.toBeInstanceOf(VersionPreconditionError);
    expect((await store.current(media.id)).segments[1]!.text).toBe('the corrected words');
    const hits = await store.textSearch(media.ownerId, planQuery('corrected')!, 10);
    expect(hits.map((h) => h.mediaId)).toEqual([media.id]);
  });

  it('waits for READY', async () => {
    const { world, editing, user } = setup();
    const media = await world.newMedia('PROCESSING', { transcribe: 'running' });
    await expect(editing.importFile(user, media, new TextEncoder().encode(SRT), 'srt', undefined)).rejects.toBeInstanceOf(TranscriptNotEditableError);
  });
});

describe('RetranscribeService (in memory)', () => {
  it('refuses to replace an imported transcript unless asked; asked, clears it and reruns the speech chain', async () => {
    const { world, store, editing, retranscribe, user } = setup();
    const media = await world.newMedia('READY', { validate: 'done', audio: 'done', transcribe: 'done', index: 'done' });
    await editing.importFile(user, media, new TextEncoder().encode(SRT), 'srt', undefined);
    const imported = (await world.db.media.findById(media.id))!;
    await expect(retranscribe.retranscribe(imported, false)).rejects.toMatchObject({ code: 'transcript_protected' });
    world.queue.setState('transcribe', media.id, 'completed');
    const updated = await retranscribe.retranscribe(imported, true);
    expect(updated.status).toBe('PROCESSING');
    expect(world.queue.published.at(-1)).toMatchObject({ after: 'validate', chains: [['audio', 'transcribe', 'index']] });
    expect(await world.stageStatus(media.id, 'transcribe')).toMatchObject({ status: 'pending' });
    expect(await store.current(media.id)).toMatchObject({ version: 1, source: null, segments: [] });
    // The imported text stays in the history.
    expect((await store.versions(media.id)).map((v) => v.source)).toEqual(['imported']);
  });

  it('refuses while speech-to-text is queued or running, and for media still processing', async () => {
    const { world, retranscribe } = setup();
    const ready = await world.newMedia('READY', { transcribe: 'done' });
    world.queue.setState('transcribe', ready.id, 'active');
    await expect(retranscribe.retranscribe(ready, true)).rejects.toBeInstanceOf(RetranscribeRefusedError);
    expect((await world.db.media.findById(ready.id))!.status).toBe('READY');
    const busy = await world.newMedia('PROCESSING');
    await expect(retranscribe.retranscribe(busy, true)).rejects.toMatchObject({ code: 'not_retranscribable' });
  });
});

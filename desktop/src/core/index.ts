import { privateDir } from './state-file.js';
import { homedir } from 'node:os';
import path from 'node:path';
import { settingsPatchSchema, type IpcArgs, type IpcChannel, type IpcResults } from '@biblio/shared';
import type { DesktopCore, DesktopCoreOptions } from './api.js';
import { ApplianceClient, testConnection } from './appliance-client.js';
import { ApplianceFiles } from './appliance-files.js';
import { CoreEvents } from './events.js';
import { resolveMediaTools } from './ffmpeg.js';
import { lockStateDir } from './instance-lock.js';
import { LiveConnection } from './live-connection.js';
import { PreviewService } from './previews.js';
import { SettingsStore } from './settings-store.js';
import { TokenBucket } from './throttle.js';
import { TranscriptEditing } from './transcript-editing.js';
import { DEFAULT_TUNING, type CoreTuning } from './tuning.js';
import { UploadQueue } from './upload-queue.js';

export type { DesktopCore, DesktopCoreOptions } from './api.js';
export type { CoreTuning } from './tuning.js';

type Handlers = { [C in IpcChannel]: (args: IpcArgs<C>) => Promise<IpcResults[C]> };

/**
 * Builds the desktop core on a state dir: settings + token, the persisted upload queue (resumed
 * at once), previews, and the appliance connection. Every IPC channel maps to one handler here;
 * the work lives in the modules they call.
 */
export async function createDesktopCore(options: DesktopCoreOptions & { tuning?: Partial<CoreTuning> }): Promise<DesktopCore> {
  const tuning: CoreTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const log = options.log ?? (() => undefined);
  await privateDir(options.stateDir);
  const unlock = await lockStateDir(options.stateDir);
  try {
    const events = new CoreEvents((error) => log('error', 'a core event listener threw', error));
    const settings = await SettingsStore.open(options.stateDir, (m) => log('warn', m));
    if (options.initialServer && !settings.get().serverUrl) await settings.set(options.initialServer);

    const bucket = new TokenBucket(settings.get().bandwidthLimit);
    const client = new ApplianceClient(() => settings.credentials());
    const files = new ApplianceFiles(() => settings.credentials(), options.downloadsDir ?? path.join(homedir(), 'Downloads'));
    const transcripts = new TranscriptEditing(() => settings.credentials());
    const tools = resolveMediaTools(options);
    const previews = tuning.previews ? new PreviewService(tools, path.join(options.stateDir, 'previews'), (m, d) => log('warn', m, d)) : null;
    const queue = await UploadQueue.open({
      file: path.join(options.stateDir, 'queue.json'),
      credentials: () => settings.credentials(),
      parallelUploads: () => settings.get().parallelUploads,
      tuning,
      bucket,
      client,
      previews,
      tools: tuning.mediaCheck ? tools : null,
      log,
      emit: (items) => events.emit('queue:changed', items),
    });
    const connection = new LiveConnection(
      {
        state: (state) => {
          events.emit('connection:changed', state);
          if (state.state === 'connected') queue.onConnected();
        },
        media: (event) => {
          queue.onMediaEvent(event);
          events.emit('media:event', event);
        },
      },
      (m, d) => log('warn', m, d),
    );
    connection.start(settings.credentials());
    await queue.settingsChanged(false);

    const handlers: Handlers = {
      'app:info': async () => ({ version: options.appVersion, platform: process.platform, shell: options.shell === 'electron' ? 'electron' : 'browser' }),
      'settings:get': async () => settings.get(),
      'settings:set': async ([patch]) => {
        const changed = await settings.set(settingsPatchSchema.parse(patch));
        if (changed.has('bandwidthLimit')) bucket.setRate(settings.get().bandwidthLimit);
        const credentialsChanged = changed.has('serverUrl') || changed.has('token');
        if (credentialsChanged) connection.start(settings.credentials());
        if (credentialsChanged || changed.has('parallelUploads')) await queue.settingsChanged(credentialsChanged);
        return settings.get();
      },
      'connection:get': async () => connection.current(),
      'connection:test': async ([{ serverUrl, token }]) => {
        // No token: test the saved one (the renderer never holds it) against this address.
        const secret = token ?? settings.credentials()?.token;
        if (!secret) return { ok: false, field: 'token', error: 'enter the access token your appliance administrator gave you' };
        return testConnection(serverUrl, secret);
      },
      'queue:list': async () => queue.list(),
      'queue:add': async ([paths, options]) => queue.add(paths, options ?? {}),
      'queue:pause': async ([id]) => queue.pause(id),
      'queue:resume': async ([id]) => queue.resume(id),
      'queue:cancel': async ([id]) => queue.cancel(id),
      'queue:retry': async ([id]) => queue.retry(id),
      'queue:uploadAnyway': async ([id]) => queue.uploadAnyway(id),
      'queue:pauseAll': async () => queue.pauseAll(),
      'queue:resumeAll': async () => queue.resumeAll(),
      'queue:clearFinished': async () => queue.clearFinished(),
      'library:list': async () => client.listMedia(),
      'library:get': async ([id]) => client.getMedia(id),
      'library:page': async ([query]) => files.page(query),
      'library:rename': async ([id, patch]) => files.rename(id, patch),
      'library:image': async ([id, which]) => files.image(id, which),
      'library:subtitles': async ([id]) => files.subtitles(id),
      'library:download': async ([id, what]) => files.download(id, what),
      'library:playback': async ([id]) => client.playback(id),
      'library:transcript': async ([id]) => client.transcript(id),
      'library:search': async ([q]) => client.search(q),
      'library:suggest': async ([q]) => client.suggest(q),
      'library:delete': async ([id]) => client.deleteMedia(id),
      'library:retry': async ([id]) => client.retryMedia(id),
      'transcript:get': async ([id]) => transcripts.get(id),
      'transcript:editSegment': async ([id, n, patch]) => transcripts.editSegment(id, n, patch),
      'transcript:splitSegment': async ([id, n, split]) => transcripts.splitSegment(id, n, split),
      'transcript:mergeNext': async ([id, n, base]) => transcripts.mergeNext(id, n, base),
      'transcript:speakers': async ([id]) => transcripts.speakers(id),
      'transcript:renameSpeakers': async ([id, patch]) => transcripts.renameSpeakers(id, patch),
      'transcript:import': async ([id, source]) => transcripts.import(id, source),
      'transcript:versions': async ([id]) => transcripts.versions(id),
      'transcript:version': async ([id, v]) => transcripts.version(id, v),
      'transcript:restore': async ([id, v, base]) => transcripts.restore(id, v, base),
      'transcript:retranscribe': async ([id, { overwrite }]) => transcripts.retranscribe(id, overwrite),
      // The Electron shell answers this with a native dialog before it reaches the core.
      'dialog:openFiles': async () => [],
    };

    let closed: Promise<void> | null = null;
    return {
      invoke: <C extends IpcChannel>(channel: C, args: IpcArgs<C>) => {
        const handler = handlers[channel] as ((args: IpcArgs<C>) => Promise<IpcResults[C]>) | undefined;
        if (!handler) return Promise.reject(new Error(`unknown IPC channel ${String(channel)}`));
        return handler(args);
      },
      on: (event, listener) => events.on(event, listener),
      close: () =>
        (closed ??= (async () => {
          connection.stop();
          previews?.close();
          await queue.close();
          await unlock();
        })()),
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

import { IPC_CHANNELS, IPC_EVENTS, parseIpcArgs, type IpcChannel } from '@biblio/shared';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { DesktopCore } from '../core/api.js';
import type { HostMessage } from './protocol.js';

/**
 * One browser tab's WebSocket: `invoke` requests answered by id, core events pushed as they
 * happen. This is the trust boundary of the browser shell, so every argument is validated here
 * with the shared schemas before the core sees it (the page's own checks are a convenience).
 */

export type Log = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;


const invokeSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  args: z.array(z.unknown()).max(10),
});

const channels: ReadonlySet<string> = new Set(IPC_CHANNELS);

/** "serverUrl: Invalid URL" rather than a JSON dump of zod issues; the path skips the tuple index. */
export function describeInvalidArgs(error: z.ZodError): string {
  const parts = error.issues.map((issue) => {
    const field = issue.path.slice(1).map(String).join('.');
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  return `Invalid arguments: ${parts.join('; ')}`;
}

async function run(core: DesktopCore, channel: IpcChannel, args: unknown[]): Promise<unknown> {
  const parsed = parseIpcArgs(channel, args);
  // A browser has no native file dialog to offer; the renderer falls back to <input type=file>.
  if (channel === 'dialog:openFiles') return [];
  return core.invoke(channel, parsed);
}

export function bridge(socket: WebSocket, core: DesktopCore, log: Log): void {
  const send = (message: HostMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = IPC_EVENTS.map((event) => core.on(event, (payload) => send({ type: 'event', event, payload })));
  socket.once('close', () => unsubscribe.forEach((off) => off()));

  socket.on('message', (data, isBinary) => {
    let request: z.infer<typeof invokeSchema>;
    try {
      if (isBinary) throw new Error('binary frame');
      // ws hands text frames over as one Buffer (binaryType 'nodebuffer', its default).
      request = invokeSchema.parse(JSON.parse((data as Buffer).toString('utf8')));
    } catch {
      // Not our client: a malformed frame has no id to answer, so the connection ends.
      socket.close(1008, 'malformed message');
      return;
    }
    const { id, channel, args } = request;
    if (!channels.has(channel)) {
      send({ type: 'result', id, ok: false, error: `Unknown channel ${channel}` });
      return;
    }
    run(core, channel as IpcChannel, args).then(
      (value) => send({ type: 'result', id, ok: true, value: value ?? null }),
      (error: unknown) => {
        const message = error instanceof z.ZodError ? describeInvalidArgs(error) : error instanceof Error ? error.message : String(error);
        if (!(error instanceof z.ZodError)) log('warn', `${channel} failed: ${message}`);
        send({ type: 'result', id, ok: false, error: message });
      },
    );
  });
}

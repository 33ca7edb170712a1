import http, { type ClientRequest } from 'node:http';
import https from 'node:https';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DefaultHttpStack, type FileReader, type FileSource, type HttpRequest, type HttpResponse, type HttpStack } from 'tus-js-client';
import { throttleStream, type TokenBucket } from './throttle.js';

/** What the core hands tus-js-client as its "file": a path, never the bytes. */
export interface FileDescriptor {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The file on disk is not the one the upload started with (size or mtime moved). */
export class FileChangedError extends Error {}

export class RequestTimeoutError extends Error {}

/**
 * tus-js-client's file reader for our descriptors: each slice is a fresh read stream of exactly
 * that byte range, paced through the shared token bucket, so a 50 GiB file is never in memory
 * and the bandwidth limit covers all uploads together. Before each slice the file is checked
 * against the size and mtime it was fingerprinted with, so a file edited mid-upload cannot
 * produce a server copy that mixes two versions.
 */
export class ThrottledFileReader implements FileReader {
  constructor(private readonly bucket: TokenBucket) {}

  async openFile(input: FileDescriptor): Promise<FileSource> {
    return new ThrottledFileSource(input, this.bucket);
  }
}

class ThrottledFileSource implements FileSource {
  readonly size: number;
  private current: Readable | null = null;

  constructor(
    private readonly file: FileDescriptor,
    private readonly bucket: TokenBucket,
  ) {
    this.size = file.size;
  }

  async slice(start: number, end: number) {
    this.current?.destroy();
    const info = await stat(this.file.path);
    if (info.size !== this.file.size || Math.trunc(info.mtimeMs) !== this.file.mtimeMs) {
      throw new FileChangedError(`${this.file.path} changed on disk during the upload`);
    }
    const last = Math.min(end, this.size);
    const raw = createReadStream(this.file.path, { start, end: last - 1, highWaterMark: 64 * 1024 });
    const body = throttleStream(raw, this.bucket) as Readable & { size: number };
    // A slice that is dropped before it is read (abort, pause) must still release its fd.
    body.once('close', () => raw.destroy());
    body.size = last - start;
    this.current = body;
    return { value: body, done: last >= this.size };
  }

  close(): void {
    this.current?.destroy();
    this.current = null;
  }
}

/**
 * tus-js-client's Node HTTP stack has no request timeout (tus-js-client#773): a connection that
 * died silently (sleep, Wi-Fi change, NAT drop) would hang forever. This one fails a request
 * after `timeoutMs` without any socket activity, which the retry logic then treats as a network
 * error. Each upload gets its own keep-alive agents, emptied on a timeout: after a network change
 * the pooled sockets are just as dead, and reusing one would cost another full timeout.
 * It also ends the request when the body stream fails (pipe() does not forward errors).
 */
export class TimeoutHttpStack implements HttpStack {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });
  private readonly httpStack = new DefaultHttpStack({ agent: this.httpAgent });
  private readonly httpsStack = new DefaultHttpStack({ agent: this.httpsAgent });

  constructor(private readonly timeoutMs: number) {}

  createRequest(method: string, url: string): HttpRequest {
    const secure = url.startsWith('https:');
    const inner = (secure ? this.httpsStack : this.httpStack).createRequest(method, url);
    return new TimeoutRequest(inner, this.timeoutMs, () => (secure ? this.httpsAgent : this.httpAgent).destroy());
  }

  getName(): string {
    return 'BiblioTimeoutHttpStack';
  }

  /** Closes pooled sockets when the upload is over. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

class TimeoutRequest implements HttpRequest {
  private body: Readable | null = null;

  constructor(
    private readonly inner: HttpRequest,
    private readonly timeoutMs: number,
    private readonly dropPooledSockets: () => void,
  ) {}

  getMethod = () => this.inner.getMethod();
  getURL = () => this.inner.getURL();
  setHeader = (header: string, value: string) => this.inner.setHeader(header, value);
  getHeader = (header: string) => this.inner.getHeader(header);
  setProgressHandler = (handler: (bytesSent: number) => void) => this.inner.setProgressHandler(handler);
  getUnderlyingObject = () => this.inner.getUnderlyingObject() as unknown;

  send(body: unknown): Promise<HttpResponse> {
    const sent = this.inner.send(body);
    // The inner stack creates its ClientRequest synchronously inside send().
    const req = this.inner.getUnderlyingObject() as ClientRequest | null;
    if (req) {
      req.setTimeout(this.timeoutMs, () => {
        req.destroy(new RequestTimeoutError(`no answer from the appliance for ${Math.round(this.timeoutMs / 1000)} s`));
        this.dropPooledSockets();
      });
      if (isReadable(body)) {
        this.body = body;
        body.once('error', (error) => req.destroy(error));
      }
    }
    return sent.finally(() => this.body?.destroy());
  }

  abort(): Promise<void> {
    this.body?.destroy();
    return this.inner.abort();
  }
}

function isReadable(value: unknown): value is Readable {
  return typeof (value as Readable | null)?.pipe === 'function' && typeof (value as Readable).destroy === 'function';
}

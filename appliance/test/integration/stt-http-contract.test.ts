import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSpeechToText } from '../../src/adapters/stt/http.js';
import { makeSpeechSample, type SpeechSample } from './harness/speech-sample.js';

/**
 * The http (OpenAI-compatible) speech-to-text adapter's side of the contract, against a loopback
 * server that answers what each case needs: the form it sends, how it maps answers, and how it
 * fails. Real speech engines are in stt-engines.test.ts.
 */
let sample: SpeechSample;
beforeAll(() => {
  sample = makeSpeechSample();
});
afterAll(() => sample?.dispose());

describe('the http speech-to-text adapter against a loopback server', () => {
  let server: Server;
  let baseUrl: string;
  let lastForm: FormData | undefined;
  let lastAuth: string | undefined;
  let reply: { status: number; body: string; delayMs?: number } = { status: 200, body: '{}' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        lastAuth = req.headers.authorization;
        // Parse the multipart body with the same WHATWG machinery the client used to build it.
        void new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } })
          .formData()
          .then((form) => (lastForm = form))
          .finally(() =>
            setTimeout(() => res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body), reply.delayMs ?? 0),
          );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the OpenAI form and maps segments and top-level words', async () => {
    reply = {
      status: 200,
      body: JSON.stringify({
        text: 'The river flows. Students read.',
        segments: [
          { id: 0, start: 0.1, end: 1.5, text: ' The river flows.' },
          { id: 1, start: 3.0, end: 4.2, text: ' Students read.' },
        ],
        words: [
          { word: 'The', start: 0.1, end: 0.3 }, { word: 'river', start: 0.3, end: 0.8 }, { word: 'flows.', start: 0.8, end: 1.5 },
          { word: 'Students', start: 3.0, end: 3.6 }, { word: 'read.', start: 3.6, end: 4.2 },
        ],
      }),
    };
    const engine = new HttpSpeechToText({ baseUrl: `${baseUrl}/v1/`, model: 'tiny', apiKey: 'sekret' });
    expect(engine.engine).toBe(`http (${new URL(baseUrl).host})`);
    const segments = await engine.transcribe(sample.wav, { language: 'en-US' });

    expect(lastAuth).toBe('Bearer sekret');
    expect(lastForm?.get('model')).toBe('tiny');
    expect(lastForm?.get('language')).toBe('en');
    expect(lastForm?.get('response_format')).toBe('verbose_json');
    expect(lastForm?.getAll('timestamp_granularities[]')).toEqual(['word', 'segment']);
    const file = lastForm?.get('file') as File;
    expect(file.name).toBe('speech.wav');
    expect(file.size).toBeGreaterThan(16000 * 2 * 5); // > 5 s of 16-bit mono

    expect(segments.map((s) => [s.start, s.end, s.text])).toEqual([[0.1, 1.5, 'The river flows.'], [3.0, 4.2, 'Students read.']]);
    expect(segments[0]!.words!.map((w) => w.text)).toEqual(['The', 'river', 'flows.']);
    expect(segments[1]!.words!.map((w) => w.text)).toEqual(['Students', 'read.']);
  });

  it('omits language when it is null and groups words when the server sends no segments', async () => {
    reply = { status: 200, body: JSON.stringify({ words: [{ word: 'a', start: 0, end: 0.2 }, { word: 'b', start: 2, end: 2.2 }] }) };
    const segments = await new HttpSpeechToText({ baseUrl }).transcribe(sample.wav, { language: null });
    expect(lastForm?.has('language')).toBe(false);
    expect(lastForm?.get('model')).toBe('whisper-1');
    expect(segments.map((s) => s.text)).toEqual(['a', 'b']);
  });

  it('reports the HTTP status and an excerpt of the body', async () => {
    reply = { status: 422, body: JSON.stringify({ detail: 'Unsupported model tiny' }) };
    await expect(new HttpSpeechToText({ baseUrl }).transcribe(sample.wav, { language: null })).rejects.toThrow(
      /answered HTTP 422: \{"detail":"Unsupported model tiny"\}/,
    );
  });

  it('gives up after the request timeout, and honours the caller signal', async () => {
    reply = { status: 200, body: '{}', delayMs: 1500 };
    await expect(new HttpSpeechToText({ baseUrl, timeoutMs: 300 }).transcribe(sample.wav, { language: null })).rejects.toThrow(
      /did not answer within 300 ms/,
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(
      new HttpSpeechToText({ baseUrl }).transcribe(sample.wav, { language: null, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('names the server when it is unreachable', async () => {
    await expect(new HttpSpeechToText({ baseUrl: 'http://127.0.0.1:9' }).transcribe(sample.wav, { language: null })).rejects.toThrow(
      /127\.0\.0\.1:9\/v1\/audio\/transcriptions is unreachable/,
    );
  });
});

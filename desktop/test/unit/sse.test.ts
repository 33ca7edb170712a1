import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/core/sse.js';

describe('SseParser', () => {
  it('parses the appliance stream: retry, comments (heartbeats) and typed events', () => {
    const parser = new SseParser();
    const out = parser.push('retry: 3000\n\n: connected\n\nevent: media.updated\ndata: {"type":"media.updated","mediaId":"x"}\n\n: ping\n\n');
    expect(parser.retryMs).toBe(3000);
    expect(out).toEqual([{ event: 'media.updated', data: '{"type":"media.updated","mediaId":"x"}', id: null }]);
  });

  it('reassembles events split across chunks anywhere, including inside CRLF', () => {
    const text = 'event: a\r\ndata: one\r\ndata: two\r\n\r\nid: 7\r\ndata: three\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const out = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(out).toEqual([
        { event: 'a', data: 'one\ntwo', id: null },
        { event: 'message', data: 'three', id: '7' },
      ]);
    }
  });

  it('ignores unknown fields and blank events', () => {
    const parser = new SseParser();
    expect(parser.push('foo: bar\n\n\n\ndata\n\n')).toEqual([{ event: 'message', data: '', id: null }]);
  });

  it('carries the last event id on to later events, as a browser does', () => {
    const parser = new SseParser();
    expect(parser.push('id: 1\ndata: a\n\ndata: b\n\nid: 2\n\ndata: c\n\n')).toEqual([
      { event: 'message', data: 'a', id: '1' },
      { event: 'message', data: 'b', id: '1' },
      { event: 'message', data: 'c', id: '2' },
    ]);
  });

  it('refuses a stream that buffers a megabyte without ending an event (the caller reconnects)', () => {
    const parser = new SseParser();
    const line = `data: ${'x'.repeat(64 * 1024)}\n`;
    expect(() => {
      for (let i = 0; i < 20; i++) parser.push(line);
    }).toThrow(/buffer/i);
    expect(() => parser.push('data: more\n\n')).toThrow();
  });
});

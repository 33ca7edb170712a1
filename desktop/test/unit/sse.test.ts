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
});

import { describe, expect, it } from 'vitest';
import { resolvePublicOrigin } from '../../src/domain/public-origin.js';

const listenOrigin = 'http://10.0.0.5:8080';

describe('public origin', () => {
  it('uses BIBLIO_PUBLIC_URL first, whatever the proxy headers say', () => {
    expect(
      resolvePublicOrigin({ publicUrl: 'https://media.example.com/', trustProxy: true, listenOrigin, forwardedHost: 'evil.example', forwardedProto: 'http' }),
    ).toBe('https://media.example.com');
    expect(resolvePublicOrigin({ publicUrl: 'https://example.com/biblio', trustProxy: false, listenOrigin })).toBe('https://example.com/biblio');
  });

  it('ignores X-Forwarded-* unless the proxy is trusted', () => {
    expect(resolvePublicOrigin({ publicUrl: undefined, trustProxy: false, listenOrigin, forwardedHost: 'evil.example', forwardedProto: 'https' })).toBe(listenOrigin);
  });

  it('behind a trusted proxy, takes the first forwarded host and proto', () => {
    expect(
      resolvePublicOrigin({ publicUrl: undefined, trustProxy: true, listenOrigin, forwardedHost: 'media.example.com, inner', forwardedProto: 'https, http' }),
    ).toBe('https://media.example.com');
    expect(resolvePublicOrigin({ publicUrl: undefined, trustProxy: true, listenOrigin, forwardedProto: 'https' })).toBe('https://10.0.0.5:8080');
    expect(resolvePublicOrigin({ publicUrl: undefined, trustProxy: true, listenOrigin, forwardedHost: '[::1]:8443' })).toBe('http://[::1]:8443');
  });

  it('refuses forwarded hosts that are not plain host[:port]', () => {
    for (const forwardedHost of ['evil.example/path', 'user@evil.example', 'a b', 'evil.example:99999999', '', 'javascript:alert(1)']) {
      expect(resolvePublicOrigin({ publicUrl: undefined, trustProxy: true, listenOrigin, forwardedHost })).toBe(listenOrigin);
    }
    expect(resolvePublicOrigin({ publicUrl: undefined, trustProxy: true, listenOrigin, forwardedProto: 'gopher' })).toBe(listenOrigin);
  });
});

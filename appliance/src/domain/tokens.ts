import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'bib_';

/** A new API token: 256 random bits, prefixed so leaked tokens are easy to recognise and scan for. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256: high-entropy secrets need no slow KDF. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Reads a bearer token from an Authorization header value. */
export function parseBearer(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

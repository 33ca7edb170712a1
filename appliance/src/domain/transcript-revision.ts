/*
 * Optimistic concurrency for transcript changes: every change names the version it is based
 * on (a body `version` or the If-Match header carrying GET transcript.json's ETag), and only a
 * change based on the current version is applied; the next version is current + 1.
 */

/** The ETag of a transcript version (strong: the version names exact content). */
export const transcriptEtag = (version: number): string => `"transcript-${version}"`;

export class VersionPreconditionError extends Error {
  constructor(
    readonly status: 400 | 409 | 428,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** If-Match as we issue it ("transcript-3", optionally weak W/), or a bare number; undefined when absent. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^(?:W\/)?"?(?:transcript-)?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new VersionPreconditionError(400, 'invalid_if_match', `If-Match must be the ETag of GET transcript.json (like ${transcriptEtag(3)})`);
  return Number(match[1]);
}

/**
 * The version a change is based on. `required`: edits of single segments and speakers must say
 * (428 otherwise); whole replacements (import, restore) may be unconditional.
 */
export function baseVersion(bodyVersion: number | undefined, ifMatch: string | undefined, required: boolean): number | undefined {
  const header = parseIfMatch(ifMatch);
  if (bodyVersion !== undefined && header !== undefined && bodyVersion !== header) {
    throw new VersionPreconditionError(400, 'invalid_version', `the body's version (${bodyVersion}) and If-Match (${header}) disagree`);
  }
  const base = bodyVersion ?? header;
  if (base === undefined && required) {
    throw new VersionPreconditionError(428, 'missing_version', 'say which transcript version this change is based on: If-Match with the ETag of GET transcript.json, or "version" in the body');
  }
  return base;
}

/** Throws 409 when the change is based on anything but the current version. */
export function checkCurrent(base: number | undefined, current: number): void {
  if (base !== undefined && base !== current) {
    throw new VersionPreconditionError(409, 'stale_version', `the transcript changed since version ${base}: it is now version ${current}; reload it and apply the change again`);
  }
}

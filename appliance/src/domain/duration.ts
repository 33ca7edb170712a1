const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses a human duration ("90s", "30m", "24h", "14d", "500ms") into milliseconds.
 * Returns undefined for anything else so the caller can report the offending variable.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase() as keyof typeof UNIT_MS;
  const ms = Number(match[1]) * UNIT_MS[unit];
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

/** Byte sizes have one meaning across Biblio (appliance variables and CLI flags alike). */
export { parseByteSize } from '@biblio/shared';

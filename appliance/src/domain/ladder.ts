/** One HLS rendition: output height and target bitrates. */
export interface Rung {
  name: string;
  height: number;
  videoKbps: number;
  audioKbps: number;
}

const RUNGS: readonly Rung[] = [
  { name: '360p', height: 360, videoKbps: 800, audioKbps: 96 },
  { name: '720p', height: 720, videoKbps: 2800, audioKbps: 128 },
  { name: '1080p', height: 1080, videoKbps: 5000, audioKbps: 160 },
];

/**
 * The adaptive ladder for a source: every standard rung the source can fill, never upscaled.
 * A source smaller than the lowest rung gets one rendition at its own (even) height.
 */
export function chooseLadder(sourceHeight: number): Rung[] {
  const fitting = RUNGS.filter((r) => r.height <= sourceHeight);
  if (fitting.length > 0) return fitting;
  const height = Math.max(2, Math.floor(sourceHeight / 2) * 2);
  return [{ name: `${height}p`, height, videoKbps: Math.max(200, Math.round((800 * height) / 360)), audioKbps: 96 }];
}

import type { Rung } from '../domain/ladder.js';
import type { FfmpegCommand } from '../ports/media-tool.js';

/*
 * FFmpeg invocations as plain data (Immich-style): built and unit-tested here, run by the
 * MediaTool adapter. Every command overwrites its outputs (-y), so a retried stage is safe.
 */

const COMMON = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'];

/** A poster frame at `atSec` (fast input seek), at most `width` px wide, never upscaled. */
export function posterCommand(input: string, atSec: number, width: number, output: string): FfmpegCommand {
  return {
    args: [...COMMON, '-ss', atSec.toFixed(3), '-i', input, '-frames:v', '1', '-vf', `scale='min(${width},iw)':-2`, '-q:v', '3', output],
  };
}

/** A horizontal strip of `tiles` evenly spaced frames for scrubbing previews. */
export function spriteCommand(input: string, durationSec: number, tiles: number, tileWidth: number, output: string): FfmpegCommand {
  const fps = tiles / Math.max(durationSec, 0.001);
  return {
    args: [...COMMON, '-i', input, '-vf', `fps=${fps.toFixed(6)},scale=${tileWidth}:-2,tile=${tiles}x1`, '-frames:v', '1', '-q:v', '4', output],
    durationSec,
  };
}

/** A waveform picture for audio-only media (the poster of a podcast). */
export function waveformImageCommand(input: string, output: string, durationSec?: number): FfmpegCommand {
  return {
    args: [...COMMON, '-i', input, '-filter_complex', 'aformat=channel_layouts=mono,showwavespic=s=1280x240:colors=0x3b82f6', '-frames:v', '1', output],
    ...(durationSec !== undefined ? { durationSec } : {}),
  };
}

/** 16 kHz mono PCM WAV, what speech-to-text engines expect; optionally one window of it. */
export function speechAudioCommand(input: string, output: string, window?: { startSec: number; durationSec: number }): FfmpegCommand {
  const range = window ? ['-ss', window.startSec.toFixed(3), '-t', window.durationSec.toFixed(3)] : [];
  return {
    args: [...COMMON, ...range, '-i', input, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', output],
    ...(window ? { durationSec: window.durationSec } : {}),
  };
}

export const HLS_SEGMENT_SEC = 4;

/**
 * An adaptive HLS ladder in one FFmpeg run: the source is decoded once, split, scaled per rung,
 * encoded to H.264/AAC with aligned keyframes (clean rendition switches), plus a master playlist.
 * Output layout: outDir/master.m3u8, outDir/v{N}/index.m3u8, outDir/v{N}/seg_00000.ts.
 */
export function hlsVideoCommand(input: string, rungs: readonly Rung[], hasAudio: boolean, outDir: string, durationSec: number): FfmpegCommand {
  const split = `[0:v]split=${rungs.length}${rungs.map((_, i) => `[s${i}]`).join('')}`;
  const scales = rungs.map((r, i) => `[s${i}]scale=-2:${r.height}[v${i}]`);
  const args = [...COMMON, '-i', input, '-filter_complex', [split, ...scales].join(';')];
  rungs.forEach((r, i) => {
    args.push('-map', `[v${i}]`);
    args.push(`-c:v:${i}`, 'libx264', `-b:v:${i}`, `${r.videoKbps}k`, `-maxrate:v:${i}`, `${Math.round(r.videoKbps * 1.2)}k`, `-bufsize:v:${i}`, `${r.videoKbps * 2}k`);
    if (hasAudio) args.push('-map', '0:a:0', `-c:a:${i}`, 'aac', `-b:a:${i}`, `${r.audioKbps}k`, `-ac:a:${i}`, '2');
  });
  const gop = String(HLS_SEGMENT_SEC * 24);
  args.push('-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p');
  args.push('-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-force_key_frames', `expr:gte(t,n_forced*${HLS_SEGMENT_SEC})`);
  args.push(
    '-f', 'hls',
    '-hls_time', String(HLS_SEGMENT_SEC),
    '-hls_playlist_type', 'vod',
    '-hls_flags', 'independent_segments',
    '-hls_segment_filename', `${outDir}/v%v/seg_%05d.ts`,
    '-master_pl_name', 'master.m3u8',
    '-var_stream_map', rungs.map((r, i) => (hasAudio ? `v:${i},a:${i},name:${r.name}` : `v:${i},name:${r.name}`)).join(' '),
    `${outDir}/v%v/index.m3u8`,
  );
  return { args, durationSec };
}

/** Audio-only HLS (AAC) so podcasts and recordings play in the same player. */
export function hlsAudioCommand(input: string, outDir: string, durationSec: number): FfmpegCommand {
  return {
    args: [
      ...COMMON, '-i', input, '-map', '0:a:0', '-vn', '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-f', 'hls', '-hls_time', String(HLS_SEGMENT_SEC), '-hls_playlist_type', 'vod',
      '-hls_segment_filename', `${outDir}/v%v/seg_%05d.ts`,
      '-master_pl_name', 'master.m3u8', '-var_stream_map', 'a:0,name:audio',
      `${outDir}/v%v/index.m3u8`,
    ],
    durationSec,
  };
}

/** Decodes the last two seconds and fails on any decoding error (-xerror): a truncation check. */
export function tailDecodeCommand(input: string): FfmpegCommand {
  return { args: ['-hide_banner', '-nostdin', '-loglevel', 'error', '-xerror', '-sseof', '-2', '-i', input, '-f', 'null', '-'] };
}

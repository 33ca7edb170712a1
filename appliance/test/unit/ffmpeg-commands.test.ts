import { describe, expect, it } from 'vitest';
import { chooseLadder } from '../../src/domain/ladder.js';
import {
  hlsAudioCommand,
  hlsVideoCommand,
  posterCommand,
  speechAudioCommand,
  spriteCommand,
  tailDecodeCommand,
  waveformImageCommand,
} from '../../src/pipeline/ffmpeg-commands.js';

const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('chooseLadder', () => {
  it('never upscales', () => {
    expect(chooseLadder(1080).map((r) => r.name)).toEqual(['360p', '720p', '1080p']);
    expect(chooseLadder(2160).map((r) => r.name)).toEqual(['360p', '720p', '1080p']);
    expect(chooseLadder(720).map((r) => r.name)).toEqual(['360p', '720p']);
    expect(chooseLadder(719).map((r) => r.name)).toEqual(['360p']);
  });

  it('keeps a small source at its own even height', () => {
    const [rung] = chooseLadder(241);
    expect(rung).toMatchObject({ name: '240p', height: 240 });
    expect(chooseLadder(241)).toHaveLength(1);
  });
});

describe('FFmpeg commands', () => {
  it('seeks before the input for a fast poster and caps its width without upscaling', () => {
    const { args } = posterCommand('in.mp4', 12.5, 320, 'out.jpg');
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(valueAfter(args, '-ss')).toBe('12.500');
    expect(valueAfter(args, '-vf')).toBe("scale='min(320,iw)':-2");
    expect(valueAfter(args, '-frames:v')).toBe('1');
    expect(args.at(-1)).toBe('out.jpg');
    expect(args).toContain('-y');
  });

  it('spreads sprite tiles over the whole duration', () => {
    const command = spriteCommand('in.mp4', 100, 10, 160, 'sprite.jpg');
    expect(valueAfter(command.args, '-vf')).toBe('fps=0.100000,scale=160:-2,tile=10x1');
    expect(command.durationSec).toBe(100);
  });

  it('draws a waveform for audio', () => {
    expect(valueAfter(waveformImageCommand('a.mp3', 'w.jpg').args, '-filter_complex')).toContain('showwavespic');
  });

  it('makes 16 kHz mono PCM for speech, optionally one window', () => {
    const whole = speechAudioCommand('in.mp4', 'out.wav');
    expect(whole.args).toEqual(expect.arrayContaining(['-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le']));
    expect(whole.args).not.toContain('-ss');
    const window = speechAudioCommand('in.wav', 'w.wav', { startSec: 60, durationSec: 30 });
    expect(valueAfter(window.args, '-ss')).toBe('60.000');
    expect(valueAfter(window.args, '-t')).toBe('30.000');
    expect(window.durationSec).toBe(30);
  });

  it('builds one HLS run for the whole ladder with aligned keyframes', () => {
    const ladder = chooseLadder(720);
    const { args, durationSec } = hlsVideoCommand('in.mp4', ladder, true, '/out', 42);
    expect(durationSec).toBe(42);
    expect(valueAfter(args, '-filter_complex')).toBe('[0:v]split=2[s0][s1];[s0]scale=-2:360[v0];[s1]scale=-2:720[v1]');
    expect(args.filter((a) => a === '0:a:0')).toHaveLength(2);
    expect(valueAfter(args, '-c:v:1')).toBe('libx264');
    expect(valueAfter(args, '-b:v:1')).toBe('2800k');
    expect(valueAfter(args, '-sc_threshold')).toBe('0');
    expect(valueAfter(args, '-var_stream_map')).toBe('v:0,a:0,name:360p v:1,a:1,name:720p');
    expect(valueAfter(args, '-master_pl_name')).toBe('master.m3u8');
    expect(valueAfter(args, '-hls_playlist_type')).toBe('vod');
    expect(args.at(-1)).toBe('/out/v%v/index.m3u8');
  });

  it('maps no audio for a silent video', () => {
    const { args } = hlsVideoCommand('in.mp4', chooseLadder(360), false, '/out', 5);
    expect(args).not.toContain('0:a:0');
    expect(valueAfter(args, '-var_stream_map')).toBe('v:0,name:360p');
  });

  it('makes audio-only HLS with AAC', () => {
    const { args } = hlsAudioCommand('a.mp3', '/out', 8);
    expect(args).toEqual(expect.arrayContaining(['-vn', '-c:a', 'aac']));
    expect(valueAfter(args, '-var_stream_map')).toBe('a:0,name:audio');
  });

  it('decodes the tail strictly to catch truncation', () => {
    const { args } = tailDecodeCommand('in.mp4');
    expect(args).toEqual(expect.arrayContaining(['-xerror', '-sseof', '-2', '-f', 'null']));
  });
});

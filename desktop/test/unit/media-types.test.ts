import { describe, expect, it } from 'vitest';
import { isAllowedMediaType } from '@biblio/shared';
import { isMediaPath, isVideoType, mimeTypeForPath, titleForPath, UNKNOWN_TYPE } from '../../src/core/media-types.js';

describe('media types', () => {
  it.each([
    ['talk.mp4', 'video/mp4'],
    ['TALK.MOV', 'video/quicktime'],
    ['a.mkv', 'video/x-matroska'],
    ['a.webm', 'video/webm'],
    ['a.avi', 'video/x-msvideo'],
    ['song.mp3', 'audio/mpeg'],
    ['memo.m4a', 'audio/mp4'],
    ['x.wav', 'audio/wav'],
    ['x.flac', 'audio/flac'],
    ['x.ogg', 'audio/ogg'],
    ['x.opus', 'audio/opus'],
  ])('%s -> %s, a type the appliance accepts', (file, type) => {
    expect(mimeTypeForPath(file)).toBe(type);
    expect(isAllowedMediaType(type)).toBe(true);
    expect(isMediaPath(file)).toBe(true);
  });

  it('leaves unknown extensions to the appliance (which answers 415 naming the type)', () => {
    expect(mimeTypeForPath('notes.txt')).toBe(UNKNOWN_TYPE);
    expect(mimeTypeForPath('noextension')).toBe(UNKNOWN_TYPE);
    expect(isMediaPath('notes.txt')).toBe(false);
    expect(isMediaPath('.DS_Store')).toBe(false);
  });

  it('titles are file names without the extension', () => {
    expect(titleForPath('/a/b/Lecture 3 - Entropy.mp4')).toBe('Lecture 3 - Entropy');
    expect(titleForPath('archive.tar.gz')).toBe('archive.tar');
    expect(titleForPath('.hidden')).toBe('.hidden');
    // macOS file names arrive decomposed (NFD); the title is composed (NFC).
    expect(titleForPath('/a/강의 3주차.mp4'.normalize('NFD'))).toBe('강의 3주차'.normalize('NFC'));
  });

  it('tells video from audio', () => {
    expect(isVideoType('video/mp4')).toBe(true);
    expect(isVideoType('audio/mpeg')).toBe(false);
  });
});

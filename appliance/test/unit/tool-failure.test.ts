import { describe, expect, it } from 'vitest';
import { classifyToolExit, isVerdictAboutFile, ToolFailedError, type ToolExit } from '../../src/domain/tool-failure.js';

const exit = (over: Partial<ToolExit>): ToolExit => ({ tool: 'ffprobe', code: 1, signal: null, stderr: '', aborted: false, ...over });

describe('classifyToolExit: only a completed run that says the file is bad is a verdict', () => {
  it.each([
    ['ffprobe: invalid data', exit({ code: 1, stderr: 'x.mp4: Invalid data found when processing input' }), 'about-the-file'],
    ['ffmpeg: moov atom not found', exit({ tool: 'ffmpeg', code: 1, stderr: 'moov atom not found' }), 'about-the-file'],
    ['ffmpeg: too many decoding errors (exit 69)', exit({ tool: 'ffmpeg', code: 69, stderr: 'Error while decoding stream' }), 'about-the-file'],
    ['a plain non-zero exit with no output', exit({ code: 1 }), 'about-the-file'],
  ] as const)('%s', (_name, e, kind) => {
    expect(classifyToolExit(e)).toBe(kind);
  });

  it.each([
    ['killed by SIGTERM (Ctrl-C reaches the process group)', exit({ code: null, signal: 'SIGTERM' })],
    ['killed by SIGKILL (OOM killer)', exit({ code: null, signal: 'SIGKILL' })],
    ['killed by SIGINT', exit({ code: null, signal: 'SIGINT' })],
    ['aborted by a timeout or a shutdown', exit({ code: null, signal: 'SIGKILL', aborted: true })],
    ['aborted before it started', exit({ code: null, aborted: true })],
    ['ffmpeg trapped the signal and exited 255', exit({ tool: 'ffmpeg', code: 255, stderr: 'Exiting normally, received signal 15.' })],
    ['exit 255 without output', exit({ tool: 'ffmpeg', code: 255 })],
    ['a wrapper reporting a signal death as 143', exit({ code: 143 })],
    ['stderr says a signal was received', exit({ code: 1, stderr: 'received signal 2, terminating' })],
  ])('interrupted: %s', (_name, e) => {
    expect(classifyToolExit(e)).toBe('interrupted');
  });

  it.each([
    ['the binary is missing', exit({ code: -2, spawnError: 'spawn ffprobe ENOENT' })],
    ['no exit code at all', exit({ code: null })],
    ['the disk is full', exit({ tool: 'ffmpeg', code: 1, stderr: 'out.wav: No space left on device' })],
    ['an I/O error of the store', exit({ code: 1, stderr: 'av_interleaved_write_frame(): Input/output error' })],
    ['the S3 presigned input answers 503', exit({ code: 1, stderr: 'HTTP error 503 Service Unavailable\nServer returned 5XX Server Error reply' })],
    ['the S3 server refuses the connection', exit({ code: 1, stderr: 'Connection refused' })],
    ['memory is short', exit({ code: 1, stderr: 'Cannot allocate memory' })],
    ['the file cannot be opened by us', exit({ code: 1, stderr: 'x.mp4: Permission denied' })],
  ])('environment: %s', (_name, e) => {
    expect(classifyToolExit(e)).toBe('environment');
  });
});

describe('ToolFailedError', () => {
  it('carries the exit, a readable message and whether it is a verdict', () => {
    const verdict = new ToolFailedError(exit({ code: 1, stderr: 'line 1\nInvalid data found when processing input' }));
    expect(verdict.message).toBe('ffprobe failed (exit 1): line 1 | Invalid data found when processing input');
    expect(isVerdictAboutFile(verdict)).toBe(true);
    const killed = new ToolFailedError(exit({ code: null, signal: 'SIGTERM' }));
    expect(killed.message).toContain('killed by SIGTERM');
    expect(isVerdictAboutFile(killed)).toBe(false);
  });

  it('never treats an unrelated error as a verdict', () => {
    expect(isVerdictAboutFile(new Error('Invalid data found when processing input'))).toBe(false);
    expect(isVerdictAboutFile(undefined)).toBe(false);
  });
});

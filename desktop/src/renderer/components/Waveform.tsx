import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/I18nProvider.js';

interface Props {
  /** Peaks in 0..1 from the core's FFmpeg preview; null while it is being made or unavailable. */
  peaks: number[] | null;
  /** Uploaded fraction, 0..1, drawn over the waveform. */
  progress: number;
  label: string;
  pending: boolean;
}

const HEIGHT = 44;
const BAR = 2;
const GAP = 1;

/** Reads colours from CSS so the canvas follows the light/dark theme of the stylesheet. */
function colours(canvas: HTMLCanvasElement): { base: string; done: string; overlay: string } {
  const style = getComputedStyle(canvas);
  return {
    base: style.getPropertyValue('--wave-base').trim() || '#cbd5e1',
    done: style.getPropertyValue('--wave-done').trim() || '#2563eb',
    overlay: style.getPropertyValue('--wave-overlay').trim() || 'rgba(37, 99, 235, 0.08)',
  };
}

/** Max-pools the peaks into one value per bar so any peak count fits any width. */
function resample(peaks: number[], bars: number): number[] {
  if (peaks.length === 0 || bars <= 0) return [];
  const out: number[] = [];
  for (let i = 0; i < bars; i += 1) {
    const from = Math.floor((i * peaks.length) / bars);
    const to = Math.max(from + 1, Math.floor(((i + 1) * peaks.length) / bars));
    let max = 0;
    for (let j = from; j < to && j < peaks.length; j += 1) max = Math.max(max, peaks[j] ?? 0);
    out.push(max);
  }
  return out;
}

function draw(canvas: HTMLCanvasElement, width: number, peaks: number[] | null, progress: number): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(HEIGHT * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  ctx.clearRect(0, 0, width, HEIGHT);
  const { base, done, overlay } = colours(canvas);
  const edge = width * Math.min(1, Math.max(0, progress));
  const mid = HEIGHT / 2;

  ctx.fillStyle = overlay;
  ctx.fillRect(0, 0, edge, HEIGHT);

  if (peaks && peaks.length > 0) {
    const values = resample(peaks, Math.floor(width / (BAR + GAP)));
    values.forEach((value, i) => {
      const x = i * (BAR + GAP);
      const h = Math.max(2, value * (HEIGHT - 4));
      ctx.fillStyle = x + BAR <= edge ? done : base;
      ctx.fillRect(x, mid - h / 2, BAR, h);
    });
  } else {
    // No waveform (yet): a flat line still shows progress.
    ctx.fillStyle = base;
    ctx.fillRect(0, mid - 1, width, 2);
    ctx.fillStyle = done;
    ctx.fillRect(0, mid - 2, edge, 4);
  }
  if (progress > 0 && progress < 1) {
    ctx.fillStyle = done;
    ctx.fillRect(Math.min(edge, width - 2), 0, 2, HEIGHT);
  }
}

export function Waveform({ peaks, progress, label, pending }: Props) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const element = canvas.current?.parentElement;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (canvas.current && width > 0) draw(canvas.current, width, peaks, progress);
  }, [peaks, progress, width]);

  const value = Math.round(progress * 100);
  return (
    <div
      className="waveform"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      data-testid="waveform"
      data-peaks={peaks ? peaks.length : 0}
    >
      <canvas ref={canvas} style={{ width: `${width}px`, height: `${HEIGHT}px` }} aria-hidden="true" />
      {pending && <span className="waveform-pending">{t('waveform.pending')}</span>}
    </div>
  );
}

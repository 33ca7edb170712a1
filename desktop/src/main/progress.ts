import type { QueueItem, UploadState } from '@biblio/shared';

/** Overall upload progress for the tray, the taskbar progress bar and the sleep blocker. */
export interface Overall {
  /** Items that still need work (including paused ones). */
  active: number;
  /** Items moving bytes right now: the only reason to keep the machine awake. */
  uploading: number;
  /** Bytes done / bytes total over active items; null when nothing is active. */
  fraction: number | null;
  label: string;
}

const ACTIVE: ReadonlySet<UploadState> = new Set(['queued', 'preparing', 'uploading', 'retrying', 'paused']);

export function overallProgress(items: readonly QueueItem[]): Overall {
  const active = items.filter((item) => ACTIVE.has(item.state));
  const uploading = items.filter((item) => item.state === 'uploading').length;
  const total = active.reduce((sum, item) => sum + item.size, 0);
  const done = active.reduce((sum, item) => sum + Math.min(item.uploadedBytes, item.size), 0);
  const fraction = active.length === 0 ? null : total > 0 ? done / total : 0;
  let label = 'Biblio: no uploads in progress';
  if (fraction !== null) {
    const files = `${active.length} file${active.length === 1 ? '' : 's'}`;
    label = uploading > 0 ? `Biblio: uploading ${files}, ${Math.floor(fraction * 100)}%` : `Biblio: ${files} waiting`;
  }
  return { active: active.length, uploading, fraction, label };
}

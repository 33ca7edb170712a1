/** Keyboard moves through a suggestion list: -1 is the search box itself (nothing chosen). */
export type ListKey = 'ArrowDown' | 'ArrowUp';

export function moveActive(active: number, count: number, key: ListKey): number {
  if (count === 0) return -1;
  if (key === 'ArrowDown') return active >= count - 1 ? -1 : active + 1;
  return active <= -1 ? count - 1 : active - 1;
}

import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process tree, read from /proc (Linux only). */
export interface TreeRss {
  totalMiB: number;
  processes: { pid: number; name: string; rssMiB: number }[];
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name (field 2) may contain spaces and parentheses: the fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/** The pid and all its descendants that are alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return tree;
}

function statusOf(pid: number): { name: string; rssKiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
    // A zombie has no VmRSS line: it holds no memory.
    const rssKiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
    return { name, rssKiB };
  } catch {
    return undefined;
  }
}

export function treeRss(root: number): TreeRss {
  const processes = processTree(root)
    .map((pid) => ({ pid, status: statusOf(pid) }))
    .filter((p): p is { pid: number; status: { name: string; rssKiB: number } } => p.status !== undefined)
    .map(({ pid, status }) => ({ pid, name: status.name, rssMiB: status.rssKiB / 1024 }));
  return { totalMiB: processes.reduce((sum, p) => sum + p.rssMiB, 0), processes };
}

/** Samples a tree's RSS on an interval; `stop` returns every sample's total and the peak breakdown. */
export function sampleTreeRss(root: number, intervalMs = 200): { stop(): { samples: number[]; peak: TreeRss } } {
  const samples: number[] = [];
  let peak: TreeRss = treeRss(root);
  const take = () => {
    const now = treeRss(root);
    samples.push(now.totalMiB);
    if (now.totalMiB > peak.totalMiB) peak = now;
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { samples, peak };
    },
  };
}

export function describeTree(tree: TreeRss): string {
  const byName = new Map<string, number>();
  for (const p of tree.processes) byName.set(p.name, (byName.get(p.name) ?? 0) + p.rssMiB);
  return [...byName].map(([name, mib]) => `${name} ${mib.toFixed(0)} MiB`).join(', ');
}

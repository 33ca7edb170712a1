/**
 * Whether a process exists. EPERM means it exists but belongs to another user (a pid reused by
 * someone else): callers that own files by pid must treat that as alive and leave them alone.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

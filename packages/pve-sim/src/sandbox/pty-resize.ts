/**
 * Resize the pseudo-terminal of a `pct enter` session. The PTY lives inside the container's own
 * devpts instance, so we reach its slave through the shell's fd 0 under /proc and let stty issue
 * TIOCSWINSZ (the kernel then sends SIGWINCH to the foreground job). Best effort by design.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { hostTools } from './host-tools';

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** unshare -> `script` (PID 1 of the namespace) -> the shell on the PTY. */
export function resizePty(unsharePid: number, cols: number, rows: number): void {
  const [scriptPid] = childrenOf(unsharePid);
  const [shellPid] = scriptPid === undefined ? [] : childrenOf(scriptPid);
  if (shellPid === undefined) return;
  const size = (n: number) => String(Math.max(1, Math.min(1000, Math.floor(n))));
  execFile(hostTools().stty, ['-F', `/proc/${shellPid}/fd/0`, 'cols', size(cols), 'rows', size(rows)], () => {
    // Ignored: the session may have ended in between.
  });
}

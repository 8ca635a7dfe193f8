/**
 * The host programs the sandbox runs, resolved to absolute paths once, and the decision whether
 * containers can really be run here ('namespaces') or only recorded ('record-only').
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export type SandboxMode = 'namespaces' | 'record-only';

const TOOL_NAMES = ['unshare', 'nsenter', 'mount', 'cp', 'chroot', 'setpriv', 'script', 'stty', 'sh'] as const;
type ToolName = (typeof TOOL_NAMES)[number];
export type HostTools = Record<ToolName, string> & {
  /** iproute2, to bring up loopback in the new network namespace; optional. */
  ip?: string;
};

/** /usr first: tools run inside the container must exist under the bound /usr. */
const SEARCH_DIRS = ['/usr/bin', '/usr/sbin', '/bin', '/sbin'];

function findTool(name: string): string | undefined {
  for (const dir of SEARCH_DIRS) {
    const candidate = `${dir}/${name}`;
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

interface Detection {
  mode: SandboxMode;
  reason?: string;
  tools?: HostTools;
}

let detected: Detection | undefined;

function detect(): Detection {
  if (process.platform !== 'linux') return { mode: 'record-only', reason: 'Linux namespaces are not available on this platform' };
  if (process.getuid?.() !== 0) return { mode: 'record-only', reason: 'the simulator does not run as root (unshare + chroot need root)' };
  const tools: Partial<HostTools> = {};
  for (const name of TOOL_NAMES) {
    const found = findTool(name);
    if (!found) return { mode: 'record-only', reason: `${name} was not found on this host` };
    tools[name] = found;
  }
  const complete: HostTools = { ...(tools as Record<ToolName, string>), ip: findTool('ip') };
  const probe = spawnSync(complete.unshare, ['--mount', '--pid', '--fork', '--uts', '--ipc', '--net', '--kill-child', complete.sh, '-c', 'exit 0'], {
    timeout: 10_000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (probe.status !== 0) {
    const why = probe.stderr?.toString().trim().split('\n')[0] || probe.error?.message || `exit ${String(probe.status)}`;
    return { mode: 'record-only', reason: `unshare failed: ${why}` };
  }
  return { mode: 'namespaces', tools: complete };
}

function detection(): Detection {
  detected ??= detect();
  return detected;
}

/** 'namespaces' when containers really run isolated here; 'record-only' otherwise. Probed once. */
export function sandboxMode(): SandboxMode {
  return detection().mode;
}

/** Why the sandbox is record-only (undefined when it is not). */
export function sandboxUnavailableReason(): string | undefined {
  return detection().reason;
}

/** Absolute paths of the host tools; only meaningful in 'namespaces' mode. */
export function hostTools(): HostTools {
  const { tools, reason } = detection();
  if (!tools) throw new Error(`sandbox unavailable: ${reason ?? 'unknown reason'}`);
  return tools;
}

/**
 * The app version check of a template (`appVersion`): the commands as `pct exec` runs them, and how
 * their output becomes a version or a plain reason why not. Pure and browser-safe; the worker runs
 * the commands (services/updates/app-version.ts).
 */
import { scriptExec } from './commands';
import { compareVersions } from './os-template';
import { firstMatch } from './pattern';
import type { RenderedExec } from './render-types';
import type { AppVersionSpec, VersionCommand } from './schema/app-version';

/** Longest version Kiln keeps; longer output is not a version. */
export const APP_VERSION_MAX = 64;

/** Starts with a letter or digit, holds a digit, and only the characters versions use (1.26.1, 5:7.0.15-1~deb12u1, v2.3.0_rc1). */
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+~:_-]*$/;

export interface RenderedVersionCommand {
  exec: RenderedExec;
  match?: string;
}

export interface RenderedAppVersion {
  name: string;
  installed: RenderedVersionCommand;
  latest: RenderedVersionCommand;
  timeoutMs: number;
}

function renderCommand(c: VersionCommand, which: string): RenderedVersionCommand {
  // Fixed text (the schema refuses `{{ }}`), so nothing is interpolated here.
  const exec = typeof c.command === 'string' ? scriptExec('sh', `kiln-app-version-${which}`, c.command) : { argv: [...c.command] };
  return c.match === undefined ? { exec } : { exec, match: c.match };
}

/** The two commands of a template's appVersion, or undefined when it declares none. */
export function renderAppVersion(spec: AppVersionSpec | undefined): RenderedAppVersion | undefined {
  if (!spec) return undefined;
  return { name: spec.name, installed: renderCommand(spec.installed, 'installed'), latest: renderCommand(spec.latest, 'latest'), timeoutMs: spec.timeout * 1000 };
}

export type VersionReading = { ok: true; version: string } | { ok: false; reason: string };

/** Output shown in a reason: one line, printable, short. */
function excerpt(text: string, max = 60): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const lastLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop() ?? '';

/**
 * What one command printed, read as a version: the `match` (or the first non-empty line) of stdout,
 * or of stderr when stdout is empty (`nginx -v` prints there), trimmed. Anything else is a reason.
 */
export function readVersion(out: { stdout: string; stderr: string; exitCode: number }, match?: string): VersionReading {
  if (out.exitCode !== 0) {
    const why = excerpt(lastLine(out.stderr) || lastLine(out.stdout), 160);
    return { ok: false, reason: `exited with ${out.exitCode}${why ? `: ${why}` : ''}` };
  }
  const text = out.stdout.trim() ? out.stdout : out.stderr;
  if (!text.trim()) return { ok: false, reason: 'printed nothing' };
  const found = match === undefined ? text.split('\n').find((l) => l.trim()) : firstMatch(match, text);
  if (found === undefined) return { ok: false, reason: `no match for ${match} in “${excerpt(text)}”` };
  const version = found.trim();
  if (!version) return { ok: false, reason: `the match of ${match} is empty` };
  if (version.length > APP_VERSION_MAX) return { ok: false, reason: `printed more than ${APP_VERSION_MAX} characters (“${excerpt(version)}”)` };
  if (!VERSION.test(version) || !/\d/.test(version)) return { ok: false, reason: `“${excerpt(version)}” is not a version` };
  return { ok: true, version };
}

/** Whether `latest` is newer than `installed` (number by number: 1.26.1 > 1.24.0, 7.0.15 = 7.0.15). */
export function appUpdateAvailable(installed: string | null | undefined, latest: string | null | undefined): boolean {
  return !!installed && !!latest && installed !== latest && compareVersions(latest, installed) > 0;
}

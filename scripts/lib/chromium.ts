import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { inheritedEnv, launcherSetting } from './config';
import { StepError } from './run';

export const CHROMIUM_PATH = launcherSetting('KILN_CHROMIUM') ?? '/usr/bin/chromium';

/** Installs Debian's Chromium when missing (e2e never downloads a browser of its own). */
export async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM_PATH)) return;
  console.log('kiln: Chromium is missing; installing it from Debian packages…');
  const asRoot = process.getuid?.() === 0;
  const apt = (args: string[]) => spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], { stdio: 'inherit', env: inheritedEnv({ DEBIAN_FRONTEND: 'noninteractive' }) });
  if (apt(['update']).status !== 0 || apt(['install', '-y', '--no-install-recommends', 'chromium']).status !== 0 || !existsSync(CHROMIUM_PATH)) {
    throw new StepError(`could not install Chromium at ${CHROMIUM_PATH} (apt-get install chromium). Install it, or set KILN_CHROMIUM to a Chromium binary.`);
  }
}

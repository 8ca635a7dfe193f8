import 'server-only';
import { isAppError } from '@kiln/core';
import { isPveError } from '@kiln/pve';
import { containerSettings, type ContainerRef, type ContainerSettingsView } from '@kiln/services';
import { containerDeps } from '@/features/container-detail/server';

/** The Settings tab's data, or why it cannot be shown (Proxmox VE did not answer, or said no). */
export async function settingsFor(userId: string, ref: ContainerRef): Promise<{ view: ContainerSettingsView } | { error: string }> {
  try {
    return { view: await containerSettings(containerDeps(), userId, ref, { timeoutMs: 5_000 }) };
  } catch (e) {
    if (isAppError(e)) return { error: e.message };
    if (isPveError(e)) return { error: `Proxmox VE did not give the settings: ${e.userMessage}` };
    throw e;
  }
}

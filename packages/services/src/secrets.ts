import { getConfig } from '@kiln/config';
import { SecretBox, type SecretContext } from '@kiln/core';

const g = globalThis as unknown as { __kilnSecretBox?: SecretBox };

/** The process's secret box, keyed by ENCRYPTION_KEY (newest version seals). */
export function secretBox(): SecretBox {
  g.__kilnSecretBox ??= new SecretBox(getConfig().ENCRYPTION_KEY);
  return g.__kilnSecretBox;
}

export const nodeSecret = (id: string, field: 'tokenSecret' | 'sshPassword' | 'sshPrivateKey'): SecretContext => ({ table: 'Node', id, field });

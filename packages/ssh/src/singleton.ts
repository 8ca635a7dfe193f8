/**
 * The process-wide pool. Kept on globalThis so a dev server's hot reloads reuse the open
 * connections instead of leaking a pool per reload.
 */
import { SshPool, type SshPoolOptions } from './pool';

const KEY = Symbol.for('kiln.ssh.pool');
type Holder = { [KEY]?: SshPool };

export function sharedSshPool(options?: Partial<SshPoolOptions>): SshPool {
  const holder = globalThis as Holder;
  holder[KEY] ??= new SshPool(options);
  return holder[KEY];
}

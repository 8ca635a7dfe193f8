import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PersistedState } from './types';

/**
 * The simulator's state file. Mutations mark it dirty; one write per event-loop turn goes to a
 * temporary file that is renamed over the old one, so a crash never leaves half a file behind.
 */
export class StateStore {
  readonly file: string;
  private dirty = false;
  private scheduled: NodeJS.Immediate | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    readonly state: PersistedState,
    readonly isNew: boolean,
  ) {
    this.file = join(dir, 'state.json');
  }

  static open(dir: string, init: () => PersistedState): StateStore {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'state.json');
    if (existsSync(file)) {
      const state = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
      if (state.version !== 1) throw new Error(`unsupported simulator state version in ${file}`);
      return new StateStore(dir, state, false);
    }
    const store = new StateStore(dir, init(), true);
    store.flush();
    return store;
  }

  markDirty(): void {
    this.dirty = true;
    if (this.scheduled || this.closed) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.flush();
    });
  }

  flush(): void {
    // after close the data dir belongs to whoever stopped us (it may be gone already)
    if (this.closed) return;
    if (!this.dirty && existsSync(this.file)) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(tmp, this.file);
    this.dirty = false;
  }

  /** Writes pending changes and stops writing for good. */
  close(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.flush();
    this.closed = true;
  }
}

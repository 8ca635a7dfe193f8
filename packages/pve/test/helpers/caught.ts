import { PveError } from '../../src';

/** The PveError `p` rejects with (fails the test when it resolves or rejects with anything else). */
export async function caught(p: Promise<unknown>): Promise<PveError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PveError) return e;
    throw e;
  }
  throw new Error('expected a PveError');
}

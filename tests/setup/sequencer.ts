import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** e2e files build on each other (01 sets up the admin account): run them in file-name order. */
export default class ByNameSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

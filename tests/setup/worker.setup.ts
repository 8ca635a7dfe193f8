import { inject } from 'vitest';
import { applyEnvironment } from './env';

// Test workers get the run's environment from the global setup (same database, prefix, data dir).
applyEnvironment(inject('testEnv'));

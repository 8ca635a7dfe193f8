export * from './errors';
export * from './secrets';
export * from './log';
export * from './templates';
export * from './calendar';

export * from './passwords';
export * from './schemas';
export * from './sessions';
export * from './rate-limit';
export * from './service';

export * from './passwords';
export * from './sessions';
export * from './rate-limit';
export * from './service';

export * from './nodes';
export * from './vmid';

export * from './nodes';
export * from './vmid';
export * from './containers';
export * from './catalogue';

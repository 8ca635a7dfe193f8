export * from './nodes';
export * from './vmid';
export * from './containers';
export * from './container-settings';
export * from './snapshots';
export * from './catalogue';
export * from './catalogue-query';
export * from './updates';

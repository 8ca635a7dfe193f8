export * from './env';
export { loadOrCreateSecrets, secretsFilePath, GENERATED_SECRET_NAMES } from './secrets-file';
export { readDemoNodeFile, type DemoNodeInfo } from './demo-node';

// The worker's console gateway and its client, for tests and benches that run them in-process
// (the gateway is otherwise started by main.ts).
export { ConsoleClient } from './console/client';
export { startConsoleGateway, type ConsoleGateway, type ConsoleGatewayOptions } from './console/gateway';

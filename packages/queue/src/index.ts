export * from './registry';
export * from './queues';
export * from './request';
export type { Job, Worker } from 'bullmq';
export { Worker as BullWorker, QueueEvents } from 'bullmq';

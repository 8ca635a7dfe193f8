export * from './registry';
export * from './queues';
export type { Job, Worker } from 'bullmq';
export { Worker as BullWorker, QueueEvents } from 'bullmq';

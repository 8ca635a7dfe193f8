export { runDueChecks, CHECK_TICK_MS, SERVICE_CHECK_HISTORY_DAYS, type CheckRunnerDeps, type CheckRunSummary } from './run';
export { probe, type ProbeTarget, type ProbeResult as CheckProbeResult } from './probe';
export { checkConditionKey } from './alert';
export { defaultChecks } from './defaults';
export { addDefaultChecks, listChecks, createCheck, updateCheck, setCheckEnabled, deleteCheck, type CheckView } from './service';
export * from './schema';

export { getDb, createDb, closeDb, type Db } from './client';
export { Prisma } from './generated/client';
export type {
  User,
  Node,
  Template,
  Container,
  ContainerStep,
  ContainerEvent,
  AuditEvent,
  Operation,
  Alert,
  AlertRule,
  Channel,
  Delivery,
  MaintenanceWindow,
  UpdateSchedule,
  ServiceCheck,
  ServiceCheckResult,
} from './generated/client';
export type { IpPool, IpAllocation } from './generated/client';
export {
  Role,
  TlsMode,
  SshAuthMode,
  NodeSshState,
  ContainerLifecycle,
  StepState,
  EventLevel,
  AuditOutcome,
  NodeShareRole,
  OperationState,
  AlertKind,
  AlertScope,
  AlertState,
  AlertSeverity,
  ChannelKind,
  DeliveryState,
  ServiceCheckKind,
  ServiceCheckStatus,
} from './generated/enums';
export * from './repositories/users';
export * from './repositories/audit';
export * from './repositories/nodes';
export * from './repositories/two-factor';
export * from './repositories/settings';
export * from './repositories/node-access';
export * from './repositories/session-user';
export * from './repositories/kiln-rows';
export * from './repositories/catalogue-rows';

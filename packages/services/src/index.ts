export * from './schemas';
export { secretBox, nodeSecret } from './secrets';
export { testNodeConnection, type ConnectionTestInput } from './nodes/connection-test';
export { remoteConnectionTest, serveConnectionTest, type ConnectionTester, type ConnectionTestRequest } from './nodes/connection-remote';
export { runConnectionTest } from './nodes/connection-run';
export { NodeService, type Actor, type SaveNodeResult, type NodeServiceDeps } from './nodes/service';
export type { SshProber, SshProbeInput, SshProbeResult } from './nodes/ssh-probe';
export { pveClientForNode, closePveClients } from './nodes/pve-client';
export { NodeShares } from './nodes/shares';
export { allows, nodeAccess, nodeForRole, visibleNodes, type NodeRole, type VisibleNode } from './nodes/access';
export * from './keys';
export { processDeps, type DataDeps } from './deps';
export { visibleTo, ownedBy, operationsVisibleTo, type Viewer } from './scopes';
export { checkDependencies, type DependencyChecks } from './health/checks';
export { nodesWithHealth, nodeForEdit, type NodeHealth } from './nodes/queries';
export { nodeStorages } from './nodes/storages';
export { searchAudit, AUDIT_PAGE_SIZE, type AuditSearch } from './audit/queries';
export { auditScope } from './audit/scope';
export { dashboardSummary } from './dashboard/summary';
export { allUsers, twoFactorRequired, setRequireTwoFactor, deleteUser, resetUser, twoFactorOverview, type UserDeps } from './users/admin';
export { wizardData, type WizardData, type WizardTemplate } from './wizard/data';
export { templateCatalogue, templateCataloguePage, templateDetailFor, cloneSuggestions } from './templates/catalogue';
export type { TemplateCard, CataloguePage, Facet } from './templates/search';
export { deployabilityFor, type Deployability } from './templates/deployable';
export { CatalogueSources, catalogueSchedulerId, type CatalogueSourceView, type CatalogueSourceDeps } from './catalogue/sources';
export { syncCatalogueSource, guardedResolve, contentHash, type CatalogueSyncDeps } from './catalogue/sync';
export { gitVersion, GitMissingError } from './catalogue/git';
export type { SyncReport, SyncSummary, SyncEntryIssue } from './catalogue/report';
/** Row types the web app renders (it imports them from here, never from @kiln/db). */
export type { AuditEvent, TwoFactorStatus } from '@kiln/db';
export { clusterKeyOf, groupByCluster } from './inventory/clusters';
export { snapshotFromResources, type ClusterSnapshot, type GuestRow, type NodeRow } from './inventory/snapshot';
export { pollCluster, pollDueClusters, backoffMs, type PollerDeps } from './inventory/poller';
export { readInventory, type Inventory, type InventoryRow, type ClusterView } from './inventory/reader';
export { readSnapshots } from './inventory/snapshot-cache';
export { VmidService, type VmidCheck } from './vmid/service';
export { sshPool, probeNodeSsh, generateNodeKeyPair } from './ssh';
export * from './containers';
export { CreationService, type CreationResult, type PlanPreview } from './provisioning/creation';
export { CreationActions } from './provisioning/manage';
export { runCreation, RetryLater, type EngineDeps, type EngineOutcome } from './provisioning/engine';
export { runJanitor, type JanitorReport } from './provisioning/janitor';
export { enqueueProvisioning, hasLiveJob, provisionJobId, PROVISION_ATTEMPTS } from './provisioning/jobs';
export { addEvent } from './provisioning/events';
export { CREATE_KIND, currentCreationOperation } from './provisioning/operation';
export { creationProgress, type CreationProgress, type CreationOutputChunk } from './provisioning/progress';
export { creationSpecSchema, ownershipTag, type CreationSpec } from './provisioning/spec';
export { FIXED_STEPS } from './provisioning/steps';
export { syncBuiltinTemplates, builtinTemplatesDir } from './templates/sync';
export { TemplateService, type CloneOptions, type ImportResult, type SaveResult } from './templates/service';
export {
  getTemplateDetail,
  findVisibleTemplate,
  freeSlug,
  isTemplateId,
  type TemplateDetail,
  type TemplateVersion,
  type TemplateProvenance,
} from './templates/queries';
export { compareSemver, nextPatch } from './templates/semver';
export * from './operations';
export * from './backups';
export * from './snapshots';

import { createJob, deleteJob, findJob, includedVolumes, jobForApi, listJobs, notBackedUp, updateJob } from '../jobs/backup-jobs';
import type { Route } from './types';

/** pve-manager's `PVE::API2::Backup` and `PVE::API2::BackupInfo`. */
export function backupJobRoutes(clock: () => number): Route[] {
  const id = (p: Readonly<Record<string, string>>): string => p['id'] ?? '';
  return [
    { method: 'GET', path: '/cluster/backup', handle: ({ sim }) => listJobs(sim) },
    {
      method: 'POST',
      path: '/cluster/backup',
      handle: ({ sim, authid, params }) => {
        createJob(sim, authid, params, clock());
        return null;
      },
    },
    { method: 'GET', path: '/cluster/backup/{id}', handle: ({ sim, params }) => jobForApi(id(params), findJob(sim, id(params))) },
    {
      method: 'PUT',
      path: '/cluster/backup/{id}',
      handle: ({ sim, authid, params }) => {
        updateJob(sim, authid, id(params), params);
        return null;
      },
    },
    {
      method: 'DELETE',
      path: '/cluster/backup/{id}',
      handle: ({ sim, params }) => {
        deleteJob(sim, id(params));
        return null;
      },
    },
    { method: 'GET', path: '/cluster/backup/{id}/included_volumes', handle: ({ sim, params }) => includedVolumes(sim, id(params)) },
    { method: 'GET', path: '/cluster/backup-info/not-backed-up', handle: ({ sim }) => notBackedUp(sim) },
  ];
}

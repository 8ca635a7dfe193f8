export { readCatalogs, refreshCatalog, type BackupArchive, type BackupCatalog, type BackupFailure, type BackupJobView, type BackupStorage } from './catalog';
export { requestBackupCreate, requestBackupDelete, requestBackupJobAction, requestBackupJobSave, requestBackupRestore } from './request';
export { runBackupOperation } from './runner';
export { backupsView, refreshBackupsNow, serveBackupCatalog, setBackupMaxAge, type BackupsView, type BackupsViewCluster } from './view';

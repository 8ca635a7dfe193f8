export { nodeImages, nodeApplianceIndex, type NodeImages, type ImageStorage, type OsImage, type ApplianceEntry } from './view';
export { requestImageDownload, requestImagePull, requestImageDelete, ociImageFileName, OCI_REFERENCE_HINT } from './request';
export { runImageOperation, pullFailureReason } from './runner';
export type { ImageUser } from './usage';

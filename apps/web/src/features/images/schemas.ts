import { z } from 'zod';

const nodeId = z.uuid('Unknown node.');
const storage = z.string().regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i, 'Choose a storage.');

export const nodeOnlySchema = z.object({ nodeId });
export const downloadImageSchema = z.object({ nodeId, storage, template: z.string().min(1, 'Choose an image.').max(255) });
/** The reference is checked against PVE's own pattern by the service (and the form, as you type). */
export const pullImageSchema = z.object({ nodeId, storage, reference: z.string().trim().min(1, 'Enter an image reference.').max(512, 'At most 512 characters.') });
export const deleteImageSchema = z.object({ nodeId, storage, volid: z.string().min(1).max(512) });

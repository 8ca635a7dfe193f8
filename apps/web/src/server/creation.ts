import 'server-only';
import { CreationActions, CreationService } from '@kiln/services';
import { getDb, getRedis } from './services';
import { vmidService } from './nodes';

const g = globalThis as unknown as { __kilnCreation?: CreationService; __kilnCreationActions?: CreationActions };

export function creationService(): CreationService {
  g.__kilnCreation ??= new CreationService(getDb(), getRedis(), vmidService());
  return g.__kilnCreation;
}

export function creationActions(): CreationActions {
  g.__kilnCreationActions ??= new CreationActions(getDb(), getRedis(), vmidService());
  return g.__kilnCreationActions;
}

import 'server-only';
import { wizardData as dataFor, type WizardChoice, type WizardData, type WizardTemplate } from '@kiln/services';
import { deps } from '@/server/services';

export type { WizardChoice, WizardData, WizardTemplate };

export function wizardData(userId: string, preselect?: string) {
  return dataFor(deps().db, userId, preselect);
}

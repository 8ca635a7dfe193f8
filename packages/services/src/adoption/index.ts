export { requestAdopt, requestBulkAdopt, adoptTemplateChoices, activeAdoptionFor, type AdoptTemplateChoice } from './request';
export { specFromConfig } from './spec';

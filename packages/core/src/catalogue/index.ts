/** Catalogue sources: reading a fetched tree (kiln/v1 files or the helper scripts' layout) into templates. Pure. */
export { catalogueEntries, kilnEntries, helperScriptsEntries, type CatalogueEntry, type CatalogueKind, type SourceTree } from './tree';
export { parseCtScript, assignedValue, nsappOf, interactiveProblem, layoutProblem, helperScriptsPaths, HELPER_SCRIPTS_OSES, CT_VARS, type CtScript, type CtVar } from './helper-scripts';
export { helperAppTemplate, notDeployableReason, escapeBraces, slugOf, CATALOGUE_DIR, type HelperAppInput, type HelperAppResult } from './helper-template';
export { parseAppMetadata, type AppMetadata } from './metadata';
export { CATALOGUE_CATEGORIES, categoryOf, categoryLabel, isCatalogueCategory, type CatalogueCategory } from './categories';
export { appFacts, type AppFacts } from './app-facts';
export { listingOf, type AppListing, type ListingFacts } from './listing';

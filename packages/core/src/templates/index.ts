/** Kiln app templates: format, validation, parameters, rendering. Browser-safe (no Node imports). */
export { TEMPLATE_API_VERSION, templateSchema, templateObjectSchema, osSchema, type Template, type TemplateInput, type OsSpec } from './schema/template';
export {
  defaultsSchema,
  networkSchema,
  dnsSchema,
  featuresSchema,
  ipv4ConfigSchema,
  ipv6ConfigSchema,
  type ContainerDefaults,
  type NetworkConfig,
  type DnsConfig,
  type FeatureFlags,
} from './schema/defaults';
export { PARAM_TYPES, SECRET_CHARSETS, paramSchema, type ParamType, type SecretCharset, type ParamDefinition, type SecretParamDefinition } from './schema/params';
export {
  STEP_TYPES,
  stepSchema,
  healthcheckSchema,
  fileModeSchema,
  type StepType,
  type Step,
  type ScriptStep,
  type PackagesStep,
  type FileStep,
  type ServiceStep,
  type Healthcheck,
} from './schema/steps';
export { appVersionSchema, versionCommandSchema, type AppVersionSpec, type VersionCommand } from './schema/app-version';
export { renderAppVersion, readVersion, appUpdateAvailable, APP_VERSION_MAX, type RenderedAppVersion, type RenderedVersionCommand, type VersionReading } from './app-version';
export { validateTemplate, assertTemplate, issuesFromZod, type ValidationResult } from './validate';
export { parseTemplateText, serializeTemplate, detectFormat, templateSizeProblem, MAX_TEMPLATE_BYTES, type TemplateFormat, type ParseResult } from './parse';
export { formatPath, formatIssue, TemplateValidationError, InterpolationError, RenderError, type TemplateIssue } from './errors';
export { paramsSchema, paramValueSchema, resolveParams, generateSecret, secretParamNames, type ParamInput, type ResolvedParams, type ResolveOptions, type SecretSpec } from './params';
export { PARAM_VALUE_MAX, patternProblem, matchesWhole, firstMatch } from './pattern';
export { MAX_ALIAS_NODES } from './yaml-aliases';
export { interpolate, shellQuote, FILTERS, type ParamValue, type RenderContext } from './interpolate';
export { parseText, referencedVariables, FILTER_NAMES, type FilterName } from './expressions';
export { redactSecrets, createStreamRedactor, secretRedactor, REDACTED, type StreamRedactor, type SecretRedactor } from './redact';
export { renderSteps, renderHealthcheck, renderPostInstall, secretValues, type RenderPhase } from './render';
export { httpCheckExec } from './commands';
export { stepTitle } from './step-title';
export type { RenderedExec, RenderedStep, RenderedHealthcheck } from './render-types';
export { matchOsTemplate, parseOsImageName, compareVersions, type OsImageName } from './os-template';
export { isIpv4, isIpv6, isIp, isCidr, isCidrV4, isCidrV6 } from './net';

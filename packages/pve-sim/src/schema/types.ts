/**
 * Shapes of the PVE API schema dump (`PVE::RESTHandler::api_dump`), in the Perl JSONSchema dialect.
 * Markers such as `optional` are 0/1 integers, as in the dump.
 */
export interface PveSchema {
  type?: string | string[];
  optional?: number | boolean;
  description?: string;
  properties?: Record<string, PveSchema>;
  items?: PveSchema;
  additionalProperties?: number | boolean | PveSchema;
  /** A named format (`pve-vmid`, `pve-node-list`...) or a property-string sub-schema. */
  format?: string | Record<string, PveSchema>;
  pattern?: string;
  enum?: Array<string | number>;
  minimum?: number | string;
  maximum?: number | string;
  minLength?: number;
  maxLength?: number;
  requires?: string | PveSchema;
  default_key?: number | boolean;
  alias?: string;
  keyAlias?: string;
  default?: unknown;
  typetext?: string;
}

export interface PermissionSpec {
  check?: PermCheck;
  user?: 'all' | 'world';
  description?: string;
}

/** `["perm", path, privs, "any", 1]`, `["and", ...]`, `["or", ...]`, `["userid-param", ...]`... */
export type PermCheck = readonly unknown[];

export interface MethodInfo {
  method: HttpMethod;
  name: string;
  description?: string;
  allowtoken?: number;
  /** The method may answer with a file instead of the JSON envelope. */
  download_allowed?: number;
  protected?: number;
  proxyto?: string;
  permissions?: PermissionSpec;
  parameters?: PveSchema;
  returns?: PveSchema;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface SchemaNode {
  path: string;
  text: string;
  leaf?: number;
  children?: SchemaNode[];
  info?: Partial<Record<HttpMethod, MethodInfo>>;
}

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { HttpMethod, MethodInfo, SchemaNode } from './types';

/**
 * The PVE 9.1 API schema (copied from pve-docs' apidata.js), parsed once and indexed as a path
 * trie so that routing and validation never walk the 2 MB document per request.
 */
interface TrieNode {
  schema: SchemaNode | undefined;
  literal: Map<string, TrieNode>;
  param: { name: string; node: TrieNode } | undefined;
}

export interface RouteMatch {
  /** Schema path template, e.g. `/nodes/{node}/lxc/{vmid}/config`. */
  template: string;
  info: MethodInfo;
  uriParams: Record<string, string>;
}

/**
 * Subtrees registered with `fragmentDelimiter => ''`: below them `find_handler` joins the rest of
 * the path into one component. pve-storage does this for volume ids, which contain slashes
 * (`local:vztmpl/debian-12-...tar.zst`).
 */
const JOIN_REST_BELOW = new Set(['/nodes/{node}/storage/{storage}/content']);

export class ApiIndex {
  private readonly root: TrieNode = emptyNode();
  private readonly byTemplate = new Map<string, SchemaNode>();

  constructor(tree: readonly SchemaNode[]) {
    for (const node of tree) this.insert(node);
  }

  /** Finds the handler for a concrete path like `/nodes/pve1/lxc/101`, as `find_handler` does. */
  find(method: HttpMethod, relPath: string): RouteMatch | undefined {
    const segments = relPath.split('/').filter((s) => s.length > 0);
    const uriParams: Record<string, string> = {};
    let node = this.root;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] ?? '';
      const lit = node.literal.get(seg);
      if (lit) {
        node = lit;
      } else if (node.param) {
        uriParams[node.param.name] = seg;
        node = node.param.node;
      } else {
        return undefined;
      }
      if (node.schema && JOIN_REST_BELOW.has(node.schema.path) && segments.length - i > 2) {
        segments.splice(i + 1, segments.length, segments.slice(i + 1).join('/'));
      }
    }
    const info = node.schema?.info?.[method];
    if (!node.schema || !info) return undefined;
    return { template: node.schema.path, info, uriParams };
  }

  method(method: HttpMethod, template: string): MethodInfo | undefined {
    return this.byTemplate.get(template)?.info?.[method];
  }

  private insert(schema: SchemaNode): void {
    this.byTemplate.set(schema.path, schema);
    let node = this.root;
    for (const seg of schema.path.split('/').filter((s) => s.length > 0)) {
      const m = /^\{(.+)\}$/.exec(seg);
      if (m?.[1] !== undefined) {
        node.param ??= { name: m[1], node: emptyNode() };
        node = node.param.node;
      } else {
        let next = node.literal.get(seg);
        if (!next) {
          next = emptyNode();
          node.literal.set(seg, next);
        }
        node = next;
      }
    }
    node.schema = schema;
    for (const child of schema.children ?? []) this.insert(child);
  }
}

function emptyNode(): TrieNode {
  return { schema: undefined, literal: new Map(), param: undefined };
}

let cached: ApiIndex | undefined;

/** The bundled schema, loaded and indexed on first use. */
export function loadApiIndex(): ApiIndex {
  if (!cached) {
    const file = new URL('../../schema/pve-api-9.1.json.gz', import.meta.url);
    const tree = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as SchemaNode[];
    cached = new ApiIndex(tree);
  }
  return cached;
}

/**
 * YAML anchors and aliases let a few lines stand for an exponential number of nodes ("billion
 * laughs"). Before the document becomes data, count what its aliases would add and refuse,
 * at the alias that goes over, anything past a limit no real template comes near.
 */
import { isAlias, isMap, isPair, isSeq, visit, type Alias, type Document, type Node } from 'yaml';

/** Nodes that aliases may add to a template in total (a whole built-in template has ~150). */
export const MAX_ALIAS_NODES = 10_000;

export interface AliasProblem {
  message: string;
  /** Offset of the alias in the text. */
  offset: number;
}

/** Why the document's aliases cannot be expanded, or undefined when they are harmless. */
export function aliasProblem(doc: Document.Parsed): AliasProblem | undefined {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  const order: Alias[] = [];
  let problem: AliasProblem | undefined;
  // Resolve as yaml does: the last anchor of that name before the alias, in document order.
  visit(doc, {
    Node(_key, node, path) {
      if (!isAlias(node)) {
        if (node.anchor) anchors.set(node.anchor, node);
        return undefined;
      }
      const target = anchors.get(node.source);
      const at = node.range?.[0] ?? 0;
      if (!target) problem = { message: `the alias *${node.source} has no anchor &${node.source} before it`, offset: at };
      else if (path.includes(target)) problem = { message: `the alias *${node.source} is inside the node it refers to`, offset: at };
      else {
        targets.set(node, target);
        order.push(node);
        return undefined;
      }
      return visit.BREAK;
    },
  });
  if (problem || order.length === 0) return problem;

  const sizes = new Map<unknown, number>();
  const cap = (n: number) => Math.min(n, MAX_ALIAS_NODES + 1);
  // Nodes a subtree stands for once its aliases are expanded (capped: only "too many" matters).
  const size = (node: unknown): number => {
    if (isAlias(node)) return size(targets.get(node));
    if (!isMap(node) && !isSeq(node)) return node === null || node === undefined ? 0 : 1;
    let n = sizes.get(node);
    if (n !== undefined) return n;
    n = 1;
    for (const item of node.items as unknown[]) n = cap(n + (isPair(item) ? size(item.key) + size(item.value) : size(item)));
    sizes.set(node, n);
    return n;
  };
  let added = 0;
  for (const alias of order) {
    added += size(alias) - 1;
    if (added > MAX_ALIAS_NODES) {
      return { message: `YAML aliases expand to too many nodes (limit ${MAX_ALIAS_NODES}): refused at *${alias.source}`, offset: alias.range?.[0] ?? 0 };
    }
  }
  return undefined;
}

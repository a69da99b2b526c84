// Small helpers over TypeScript ESTree: children, a parent map, member chains, constant values. Owned by the
// JS/TS work. No regular expressions over source: everything here reads the syntax tree.
import type { TSESTree } from '@typescript-eslint/types';
import type { Span } from '../../types';

export type N = TSESTree.Node;

const skipKeys = new Set(['parent', 'range', 'loc', 'comments', 'tokens', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'decorators']);

export function children(n: N): N[] {
  const out: N[] = [];
  for (const k of Object.keys(n)) {
    if (skipKeys.has(k)) continue;
    const v = (n as unknown as Record<string, unknown>)[k];
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object' && typeof (x as N).type === 'string') out.push(x as N);
    } else if (v && typeof v === 'object' && typeof (v as N).type === 'string') out.push(v as N);
  }
  return out;
}

/** Pre-order walk; return false from `visit` to skip a subtree. */
export function walk(n: N, visit: (n: N) => boolean | void): void {
  const stack: N[] = [n];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    if (visit(cur) === false) continue;
    const cs = children(cur);
    for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i]);
  }
}

/** One pass over the tree: every node's parent, and all nodes in pre-order (the other passes iterate this list). */
export interface AstIndex {
  parents: Map<N, N>;
  nodes: N[];
}

export function indexAst(root: N): AstIndex {
  const parents = new Map<N, N>();
  const nodes: N[] = [];
  const stack: N[] = [root];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    nodes.push(cur);
    const cs = children(cur);
    for (let i = cs.length - 1; i >= 0; i--) {
      parents.set(cs[i], cur);
      stack.push(cs[i]);
    }
  }
  return { parents, nodes };
}

export function spanOf(n: N): Span {
  return { start: n.range[0], end: n.range[1] };
}

/** Strips `await`, `(x as T)`, `x!`, `x satisfies T` and parentheses-free wrappers. */
export function unwrap(n: N): N {
  let cur = n;
  for (;;) {
    if (cur.type === 'AwaitExpression') cur = cur.argument;
    else if (cur.type === 'TSAsExpression' || cur.type === 'TSNonNullExpression' || cur.type === 'TSSatisfiesExpression') cur = cur.expression;
    else if (cur.type === 'ChainExpression') cur = cur.expression;
    else return cur;
  }
}

/** `a.b.c` → { root: a, path: ['b','c'] }; `this.client.x` → root `this.client`. Computed members end the chain. */
export function memberChain(n: N): { root: N; path: string[] } | undefined {
  const path: string[] = [];
  let cur = unwrap(n);
  while (cur.type === 'MemberExpression') {
    if (cur.computed || cur.property.type !== 'Identifier') return undefined;
    path.unshift(cur.property.name);
    const obj = unwrap(cur.object);
    if (obj.type === 'ThisExpression') return { root: cur, path: path.slice(1) };
    cur = obj;
  }
  return { root: cur, path };
}

/** A name for a chain root: `x` or `this.x`. */
export function rootName(n: N): string | undefined {
  const u = unwrap(n);
  if (u.type === 'Identifier') return u.name;
  if (u.type === 'MemberExpression' && !u.computed && u.property.type === 'Identifier' && unwrap(u.object).type === 'ThisExpression')
    return `this.${u.property.name}`;
  return undefined;
}

export function keyName(p: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  if (p.computed && p.key.type !== 'Literal') return undefined;
  if (p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'Literal' && typeof p.key.value === 'string') return p.key.value;
  return undefined;
}

/** Identifiers a pattern declares. */
export function patternNames(p: N | null | undefined): string[] {
  if (!p) return [];
  switch (p.type) {
    case 'Identifier':
      return [p.name];
    case 'ObjectPattern':
      return p.properties.flatMap((q) => (q.type === 'RestElement' ? patternNames(q.argument) : patternNames(q.value)));
    case 'ArrayPattern':
      return p.elements.flatMap((e) => patternNames(e));
    case 'AssignmentPattern':
      return patternNames(p.left);
    case 'RestElement':
      return patternNames(p.argument);
    case 'TSParameterProperty':
      return patternNames(p.parameter);
    default:
      return [];
  }
}

/** Names an expression reads (identifiers not in property-key or non-computed member-property position). */
export function readsAny(n: N, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  let hit = false;
  walk(n, (x) => {
    if (hit) return false;
    if (x.type === 'Identifier' && names.has(x.name)) hit = true;
    if (x.type === 'MemberExpression' && !x.computed) {
      walk(x.object, (y) => {
        if (y.type === 'Identifier' && names.has(y.name)) hit = true;
      });
      return false;
    }
    if (x.type === 'Property' && !x.computed) {
      if (x.shorthand && x.value.type === 'Identifier' && names.has(x.value.name)) hit = true;
      walk(x.value, (y) => {
        if (y.type === 'Identifier' && names.has(y.name)) hit = true;
      });
      return false;
    }
    return undefined;
  });
  return hit;
}

export function isFunction(n: N): n is TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression {
  return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

// Which names in a JS/TS file are model-API things: SDK modules and classes (import / require / dynamic import),
// client instances (`new OpenAI()`, typed parameters and class fields), transformers.js pipelines and
// Google model objects. Name-based across the file (shadowing is rare in this code and errs towards silence).
import type { TSESTree } from '@typescript-eslint/types';
import { aiSdkProviders, clientClasses, jsModules } from '../api/providers';
import type { ApiProvider } from '../api/usage';
import { type N, keyName, patternNames, rootName, unwrap, walk } from './ast';

export type Binding =
  | { t: 'module'; provider: ApiProvider }
  | { t: 'class'; provider: ApiProvider; name: string }
  | { t: 'client'; provider: ApiProvider }
  | { t: 'fn'; provider: ApiProvider; name: string }
  | { t: 'pipeline' }
  /** A Vercel AI SDK provider (`openai` from @ai-sdk/openai): `openai("gpt-4o")` is a model. */
  | { t: 'model-factory'; provider: ApiProvider }
  | { t: 'google-model'; options?: TSESTree.ObjectExpression };

export type Bindings = Map<string, Binding>;

const transformersClasses = (name: string) => name.startsWith('Auto') || name.includes('For') || name.endsWith('Model') || name.endsWith('Pipeline');

function named(provider: ApiProvider, imported: string): Binding | undefined {
  if (clientClasses[imported] === provider) return { t: 'class', provider, name: imported };
  if (provider === 'openai' && imported === 'default') return { t: 'class', provider, name: 'OpenAI' };
  if (provider === 'anthropic' && imported === 'default') return { t: 'class', provider, name: 'Anthropic' };
  if (provider === 'transformers-js') {
    if (imported === 'pipeline') return { t: 'fn', provider, name: 'pipeline' };
    if (transformersClasses(imported)) return { t: 'class', provider, name: imported };
    return undefined;
  }
  if (provider === 'hf' && imported !== 'default') return { t: 'fn', provider, name: imported };
  if (provider === 'ai-sdk') return imported === 'default' ? undefined : { t: 'fn', provider, name: imported };
  if (imported === 'default') return { t: 'module', provider };
  return undefined;
}

/** `require("openai")`, `await import("openai")`, `require("x").default` → provider. */
function moduleOf(init: N | null | undefined): { provider: ApiProvider; member?: string } | undefined {
  if (!init) return undefined;
  let n = unwrap(init);
  let member: string | undefined;
  if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
    member = n.property.name;
    n = unwrap(n.object);
  }
  let src: N | undefined;
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require') src = n.arguments[0];
  else if (n.type === 'ImportExpression') src = n.source;
  if (!src || src.type !== 'Literal' || typeof src.value !== 'string') return undefined;
  const provider = jsModules[src.value];
  return provider ? { provider, member } : undefined;
}

/** Resolves what a `new X(...)` / `X.y` callee names. */
export function resolveCtor(b: Bindings, callee: N): ApiProvider | undefined {
  const u = unwrap(callee);
  if (u.type === 'Identifier') {
    const x = b.get(u.name);
    if (x && (x.t === 'class' || x.t === 'module') && x.provider !== 'transformers-js') return x.provider;
  }
  if (u.type === 'MemberExpression' && !u.computed && u.property.type === 'Identifier' && u.object.type === 'Identifier') {
    const x = b.get(u.object.name);
    if (x?.t === 'module' && clientClasses[u.property.name] === x.provider) return x.provider;
  }
  return undefined;
}

function isPipelineCall(b: Bindings, n: N): boolean {
  const u = unwrap(n);
  if (u.type !== 'CallExpression') return false;
  const c = unwrap(u.callee);
  if (c.type === 'Identifier') {
    const x = b.get(c.name);
    return x?.t === 'fn' && x.name === 'pipeline';
  }
  if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' && c.property.name === 'pipeline' && c.object.type === 'Identifier') {
    const x = b.get(c.object.name);
    return x?.t === 'module' && x.provider === 'transformers-js';
  }
  return false;
}

/** A value expression → what it makes, given the bindings so far. */
function valueBinding(b: Bindings, init: N): Binding | undefined {
  const u = unwrap(init);
  if (u.type === 'NewExpression') {
    const p = resolveCtor(b, u.callee);
    if (p) return { t: 'client', provider: p };
  }
  if (isPipelineCall(b, u)) return { t: 'pipeline' };
  // @google/generative-ai: genAI.getGenerativeModel({ model, generationConfig })
  if (u.type === 'CallExpression' && u.callee.type === 'MemberExpression' && !u.callee.computed && u.callee.property.type === 'Identifier') {
    const owner = rootName(u.callee.object);
    const x = owner ? b.get(owner) : undefined;
    if (x?.t === 'client' && x.provider === 'google' && u.callee.property.name === 'getGenerativeModel') {
      const a = u.arguments[0];
      return { t: 'google-model', options: a && a.type === 'ObjectExpression' ? a : undefined };
    }
  }
  return undefined;
}

function typeBinding(b: Bindings, ann: TSESTree.TypeNode | undefined): Binding | undefined {
  if (!ann || ann.type !== 'TSTypeReference') return undefined;
  const tn = ann.typeName;
  if (tn.type === 'Identifier') {
    const x = b.get(tn.name);
    if (x?.t === 'class' && x.provider !== 'transformers-js') return { t: 'client', provider: x.provider };
  }
  if (tn.type === 'TSQualifiedName' && tn.left.type === 'Identifier') {
    const x = b.get(tn.left.name);
    if (x?.t === 'module' && clientClasses[tn.right.name] === x.provider) return { t: 'client', provider: x.provider };
  }
  return undefined;
}

/** `nodes`: all nodes of the program in pre-order, when the caller has them (saves two walks). */
export function collectBindings(program: TSESTree.Program, seed?: Bindings, nodes?: readonly N[]): Bindings {
  const b: Bindings = new Map(seed);
  // Imports first (they may come after use in hoisted code, but are always at top level).
  for (const s of program.body) {
    if (s.type !== 'ImportDeclaration' || typeof s.source.value !== 'string') continue;
    const factory = aiSdkProviders[s.source.value];
    if (factory) {
      for (const sp of s.specifiers) b.set(sp.local.name, { t: 'model-factory', provider: factory });
      continue;
    }
    const provider = jsModules[s.source.value];
    if (!provider) continue;
    for (const sp of s.specifiers) {
      if (sp.type === 'ImportNamespaceSpecifier') b.set(sp.local.name, { t: 'module', provider });
      else if (sp.type === 'ImportDefaultSpecifier') {
        const x = named(provider, 'default');
        if (x) b.set(sp.local.name, x);
      } else {
        const imported = sp.imported.type === 'Identifier' ? sp.imported.name : String(sp.imported.value);
        const x = named(provider, imported);
        if (x) b.set(sp.local.name, x);
      }
    }
  }
  // Then declarations in source order (require / dynamic import / instances), twice so aliases of later names resolve.
  let all = nodes;
  if (!all) {
    const list: N[] = [];
    walk(program, (n) => void list.push(n));
    all = list;
  }
  for (let pass = 0; pass < 2; pass++) {
    for (const n of all) {
      if (n.type === 'VariableDeclarator') {
        const m = moduleOf(n.init);
        if (m) {
          if (n.id.type === 'Identifier') {
            const x = m.member ? named(m.provider, m.member) : { t: 'module' as const, provider: m.provider };
            if (x) b.set(n.id.name, x);
          } else if (n.id.type === 'ObjectPattern') {
            for (const p of n.id.properties) {
              if (p.type !== 'Property') continue;
              const k = keyName(p);
              const local = patternNames(p.value)[0];
              const x = k ? named(m.provider, k) : undefined;
              if (x && local) b.set(local, x);
            }
          }
          continue;
        }
        if (n.id.type === 'Identifier') {
          const x = (n.init && valueBinding(b, n.init)) ?? typeBinding(b, n.id.typeAnnotation?.typeAnnotation);
          if (x) b.set(n.id.name, x);
          // `const client2 = client` aliases
          else if (n.init && unwrap(n.init).type === 'Identifier') {
            const y = b.get((unwrap(n.init) as TSESTree.Identifier).name);
            if (y && y.t !== 'module') b.set(n.id.name, y);
          }
        }
      } else if (n.type === 'AssignmentExpression' && n.operator !== '+=') {
        const name = rootName(n.left);
        const x = name ? valueBinding(b, n.right) : undefined;
        if (name && x) b.set(name, x);
      } else if (n.type === 'PropertyDefinition' && !n.static) {
        const k = keyName(n);
        const x = (n.value && valueBinding(b, n.value)) ?? typeBinding(b, n.typeAnnotation?.typeAnnotation);
        if (k && x) b.set(`this.${k}`, x);
      } else if (n.type === 'Identifier' && n.typeAnnotation) {
        // typed parameters: `(client: OpenAI)`
        const x = typeBinding(b, n.typeAnnotation.typeAnnotation);
        if (x) b.set(n.name, x);
      } else if (n.type === 'TSParameterProperty') {
        // `constructor(private client: OpenAI)` / `constructor(private client = new OpenAI())`
        const prm = n.parameter;
        const id = prm.type === 'AssignmentPattern' ? prm.left : prm;
        if (id.type === 'Identifier') {
          const x = (prm.type === 'AssignmentPattern' ? valueBinding(b, prm.right) : undefined) ?? typeBinding(b, id.typeAnnotation?.typeAnnotation);
          if (x) {
            b.set(`this.${id.name}`, x);
            b.set(id.name, x);
          }
        }
      } else if (n.type === 'AssignmentPattern' && n.left.type === 'Identifier') {
        // `function f(client = new OpenAI())`
        const x = valueBinding(b, n.right);
        if (x) b.set(n.left.name, x);
      }
    }
  }
  return b;
}

// Scope-aware grad mode: is autograd off at a given node? Off under `with torch.no_grad():`,
// `with torch.inference_mode():`, `with torch.set_grad_enabled(False):`, inside functions decorated with
// `@torch.no_grad()` / `@torch.inference_mode()` (called or bare), after a statement `torch.set_grad_enabled(False)`
// in the same or an enclosing block (until `set_grad_enabled(True)`), after a module-level
// `set_grad_enabled(False)`, and inside a function of this file that is only called from such places.
// Aliases are resolved (`import torch as t`, `from torch import no_grad as ng`).
// A grad mode that cannot be known (`set_grad_enabled(flag)`) counts as off: rules stay silent.
import { callArgs, field, textOf, type PyNode } from './ast';
import { constBool } from './consts';
import { calleeName, qualifiedName, type Imports } from './imports';

export type GradMode = 'off' | 'on' | 'unknown';

const OFF_CTX = ['torch.no_grad', 'torch.inference_mode', 'torch.autograd.grad_mode.no_grad', 'torch.autograd.grad_mode.inference_mode'];
const ON_CTX = ['torch.enable_grad'];
const SET = ['torch.set_grad_enabled', 'torch.autograd.set_grad_enabled', 'torch.autograd.grad_mode.set_grad_enabled'];

/** The grad mode a `with` item or decorator expression sets, if it is one of torch's. */
export function gradModeOf(text: string, imports: Imports, expr: PyNode): GradMode | undefined {
  const call = expr.type === 'call' ? expr : undefined;
  const q = call ? calleeName(text, imports, call) : qualifiedName(text, imports, expr);
  if (!q) return undefined;
  if (OFF_CTX.includes(q)) {
    if (call && q.endsWith('inference_mode')) {
      const a = callArgs(text, call);
      const mode = a.positional[0] ?? a.keywords.get('mode')?.value;
      if (mode) {
        const b = constBool(text, mode);
        return b === undefined ? 'unknown' : b ? 'off' : 'on';
      }
    }
    return 'off';
  }
  if (ON_CTX.includes(q)) return 'on';
  if (SET.includes(q) && call) {
    const a = callArgs(text, call);
    const v = a.positional[0] ?? a.keywords.get('mode')?.value;
    const b = constBool(text, v);
    return b === undefined ? 'unknown' : b ? 'on' : 'off';
  }
  return undefined;
}

function withItems(withStmt: PyNode): PyNode[] {
  const clause = withStmt.children.find((c) => c.type === 'with_clause');
  if (!clause) return [];
  return clause.children.filter((c) => c.type === 'with_item').map((i) => field(i, 'value') ?? i.children[0]).filter((x): x is PyNode => !!x);
}

/** `torch.set_grad_enabled(...)` as a statement of its own. */
function setStatement(text: string, imports: Imports, stmt: PyNode): GradMode | undefined {
  if (stmt.type !== 'expression_statement') return undefined;
  const e = stmt.children[0];
  if (e?.type !== 'call') return undefined;
  const q = calleeName(text, imports, e);
  if (!q || !SET.includes(q)) return undefined;
  return gradModeOf(text, imports, e);
}

export class GradScope {
  private readonly offFunctions = new Set<PyNode>();
  private readonly moduleSetOff: boolean;

  constructor(
    private readonly text: string,
    private readonly imports: Imports,
    private readonly root: PyNode,
    private readonly calls: readonly PyNode[],
    private readonly functions: readonly PyNode[],
  ) {
    this.moduleSetOff = root.children.some((s) => {
      const m = setStatement(text, imports, s);
      return m === 'off' || m === 'unknown';
    });
    this.propagateThroughCalls();
  }

  /** Grad mode at `n` from its own lexical context (not from callers). */
  private lexical(n: PyNode): GradMode {
    let child = n;
    for (let p = n.parent; p; child = p, p = p.parent) {
      if (p.type === 'with_statement' && child.type === 'block') {
        for (const item of withItems(p)) {
          const m = gradModeOf(this.text, this.imports, item);
          if (m) return m;
        }
      }
      if (p.type === 'block' || p.type === 'module') {
        // the last set_grad_enabled statement before `child` in this block
        const sets = this.setsIn(p);
        for (let i = sets.length - 1; i >= 0; i--) if (sets[i].stmt.start < child.start) return sets[i].mode;
      }
      if (p.type === 'function_definition') {
        const dec = p.parent?.type === 'decorated_definition' ? p.parent.children.filter((c) => c.type === 'decorator') : [];
        for (const d of dec) {
          const m = d.children[0] ? gradModeOf(this.text, this.imports, d.children[0]) : undefined;
          if (m) return m;
        }
        if (this.offFunctions.has(p)) return 'off';
        // a function body runs when called: a module-level set_grad_enabled(False) anywhere counts
        if (this.moduleSetOff) return 'unknown';
      }
    }
    return 'on';
  }

  private readonly setCache = new Map<PyNode, { stmt: PyNode; mode: GradMode }[]>();

  /** `set_grad_enabled(...)` statements directly in a block, in order. */
  private setsIn(block: PyNode): { stmt: PyNode; mode: GradMode }[] {
    let out = this.setCache.get(block);
    if (!out) {
      out = [];
      for (const s of block.children) {
        const m = setStatement(this.text, this.imports, s);
        if (m) out.push({ stmt: s, mode: m });
      }
      this.setCache.set(block, out);
    }
    return out;
  }

  /** The module turns autograd off when it is imported (a module-level `set_grad_enabled(False)`). */
  get offAtImport(): boolean {
    return this.moduleSetOff;
  }

  gradMode(n: PyNode): GradMode {
    return this.lexical(n);
  }

  /** Whether autograd is (or may be) off at `n`. */
  gradOff(n: PyNode): boolean {
    return this.lexical(n) !== 'on';
  }

  /** Functions of this file whose every call site (at least one) is in a no-grad context are no-grad too. */
  private propagateThroughCalls(): void {
    const defs = new Map<string, PyNode[]>();
    for (const n of this.functions) {
      const name = field(n, 'name');
      if (name) defs.set(textOf(this.text, name), [...(defs.get(textOf(this.text, name)) ?? []), n]);
    }
    if (defs.size === 0) return;
    const sites = new Map<string, PyNode[]>();
    for (const n of this.calls) {
      const f = field(n, 'function');
      if (f?.type === 'identifier') {
        const name = textOf(this.text, f);
        if (defs.has(name)) {
          const l = sites.get(name);
          if (l) l.push(n);
          else sites.set(name, [n]);
        }
      }
    }
    for (let round = 0; round < 3; round++) {
      let changed = false;
      for (const [name, calls] of sites) {
        const fns = defs.get(name)!;
        if (fns.every((f) => this.offFunctions.has(f))) continue;
        if (calls.every((c) => this.lexical(c) !== 'on')) {
          fns.forEach((f) => this.offFunctions.add(f));
          changed = true;
        }
      }
      if (!changed) break;
    }
  }
}

// Code that never runs as the file stands: the branch of an `if` on a module-level switch the file leaves off
// (`HF_MODE = False` ... `if HF_MODE: logits = model.forward(...)`), or the `elif` / `else` of one it leaves on.
// A finding there describes no energy spent, so the analysis drops it (analyze.ts), and a binding there gives a name
// no value (flow.ts: the model the `else` of `if not HF_MODE:` loads is not the one the file runs); the hosted-API
// pass reads the same switches for its endpoints (api/python-usage.ts, `offByDefault`).
//
// A switch is a name bound exactly once in the whole file, by a module-level assignment of `True`, `False`, `None`
// or an integer literal, and nowhere else: not assigned, augmented, deleted or unpacked in any scope, not a
// parameter, loop or `with` / `except` target, not declared `global` or `nonlocal`, not imported. A name a
// command-line branch or a function may set is no switch. The condition is the bare name or `not` the name.
import { field, nodesOfTypes, textOf, type PyNode } from './ast';
import type { PyAnalysis } from './analysis';

/** Whether the offset lies in a block that never runs as the file stands. */
export function neverRuns(a: PyAnalysis, offset: number): boolean {
  for (const r of deadBlocks(a)) if (offset >= r.start && offset < r.end) return true;
  return false;
}

const blocks = new WeakMap<PyAnalysis, readonly { start: number; end: number }[]>();

/**
 * The blocks of `if` statements on a switch that cannot run, once per analysis (the dataflow asks for every binding
 * it follows: flow.ts skips the bindings made in them).
 */
export function deadBlocks(a: PyAnalysis): readonly { start: number; end: number }[] {
  let b = blocks.get(a);
  if (!b) {
    b = findDeadBlocks(a);
    blocks.set(a, b);
  }
  return b;
}

function findDeadBlocks(a: PyAnalysis): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const switches = new Map<string, boolean | undefined>();
  const valueOf = (cond: PyNode | undefined): boolean | undefined => {
    if (!cond) return undefined;
    if (cond.type === 'not_operator') {
      const v = valueOf(field(cond, 'argument'));
      return v === undefined ? undefined : !v;
    }
    if (cond.type === 'parenthesized_expression' && cond.children.length === 1) return valueOf(cond.children[0]);
    if (cond.type !== 'identifier') return undefined;
    const name = textOf(a.text, cond);
    if (!switches.has(name)) switches.set(name, switchValue(a, name));
    return switches.get(name);
  };
  for (const st of nodesOfTypes(a.root, 'if_statement')) {
    const v = valueOf(field(st, 'condition'));
    if (v === false) {
      const body = field(st, 'consequence');
      if (body) out.push({ start: body.start, end: body.end });
    } else if (v === true) {
      for (const c of st.children) if (c.type === 'elif_clause' || c.type === 'else_clause') out.push({ start: c.start, end: c.end });
    }
  }
  return out;
}

const LITERALS = new Set(['true', 'false', 'none', 'integer']);

/** The truth of a switch's one literal value, or undefined when `name` is no switch (see the file's comment). */
function switchValue(a: PyAnalysis, name: string): boolean | undefined {
  const v = a.consts.values.get(name);
  if (!v || !LITERALS.has(v.type)) return undefined;
  const assign = v.parent;
  if (assign?.type !== 'assignment' || field(assign, 'right') !== v || assign.parent?.parent?.type !== 'module') return undefined;
  const target = field(assign, 'left');
  if (target?.type !== 'identifier') return undefined;
  for (const id of nodesOfTypes(a.root, 'identifier')) {
    if (id === target || id.end - id.start !== name.length || textOf(a.text, id) !== name) continue;
    if (binds(id)) return undefined;
  }
  if (v.type === 'integer') return Number(textOf(a.text, v).replace(/_/g, '')) !== 0;
  return v.type === 'true';
}

/** Whether this occurrence of a name binds it (or may rebind it) rather than reads it. */
function binds(id: PyNode): boolean {
  for (let c = id, p = id.parent; p; c = p, p = p.parent) {
    switch (p.type) {
      case 'assignment':
      case 'augmented_assignment':
      case 'for_statement':
      case 'for_in_clause':
        return c.field === 'left';
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
      case 'as_pattern_target':
      case 'parameters':
      case 'lambda_parameters':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'delete_statement':
      case 'import_statement':
      case 'import_from_statement':
      case 'aliased_import':
      case 'dotted_name':
        return true;
      case 'named_expression':
      case 'default_parameter':
      case 'typed_default_parameter':
        return c.field === 'name';
      case 'typed_parameter':
        return c.field !== 'type';
      case 'function_definition':
      case 'class_definition':
        return c.field === 'name';
      case 'keyword_argument':
        return false; // `f(HF_MODE=True)`: a keyword's name, not the variable
      case 'attribute':
        if (c.field === 'attribute') return false; // `cfg.HF_MODE`: another object's attribute
        break;
      default:
        break;
    }
    // an occurrence inside an expression (a call's argument, a subscript, a comparison) is a read
    if (p.type !== 'expression_list' && p.type !== 'parenthesized_expression' && p.type !== 'tuple' && p.type !== 'list') return false;
  }
  return false;
}

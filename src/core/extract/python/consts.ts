// Constant evaluation of simple Python expressions: literals, negation, simple arithmetic and names bound once
// at module level to a literal. Anything else is DYNAMIC, and rules stay silent on it.
import { field, textOf, type PyNode } from './ast';

export const DYNAMIC = Symbol('dynamic');
export type ConstValue = number | string | boolean | null | typeof DYNAMIC;

export interface ModuleConsts {
  /** Names assigned exactly once at module level, to their value node. */
  values: Map<string, PyNode>;
}

export function collectModuleConsts(text: string, root: PyNode): ModuleConsts {
  const counts = new Map<string, number>();
  const values = new Map<string, PyNode>();
  // a name bound more than once stays constant when every binding is the same literal (`num_epochs = 3` in two
  // notebook cells); anything else bound twice is dynamic
  const literals = new Map<string, string | null>();
  const LITERAL = new Set(['integer', 'float', 'true', 'false', 'none']);
  const literalText = (v: PyNode | undefined): string | null => {
    if (!v) return null;
    if (LITERAL.has(v.type)) return textOf(text, v);
    if (v.type === 'string' && !v.children.some((c) => c.type === 'interpolation') && !/^[a-zA-Z]*f/i.test(textOf(text, v))) return textOf(text, v);
    return null;
  };
  const note = (name: string, v: PyNode | undefined) => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const lit = literalText(v);
    const prev = literals.get(name);
    literals.set(name, prev === undefined ? lit : prev === lit ? lit : null);
    if (v) values.set(name, v);
  };
  const visit = (n: PyNode) => {
    for (const s of n.children) {
      if (s.type === 'expression_statement') {
        const a = s.children[0];
        if (a?.type === 'assignment' || a?.type === 'augmented_assignment') {
          const left = field(a, 'left');
          // `a = b = "gpt2"`: every name of the chain is bound to the innermost value
          let right = a.type === 'assignment' ? field(a, 'right') : undefined;
          while (right?.type === 'assignment') {
            const inner = field(right, 'left');
            right = field(right, 'right');
            if (inner?.type === 'identifier') note(textOf(text, inner), right?.type === 'assignment' ? undefined : right);
          }
          if (left?.type === 'identifier') note(textOf(text, left), a.type === 'assignment' ? right : undefined);
          if (a.type === 'augmented_assignment' && left) note(textOf(text, left), undefined);
          // `a, b = "x", "y"` binds each name to its own value; unpacking anything else makes the names dynamic
          if (a.type === 'assignment' && (left?.type === 'pattern_list' || left?.type === 'tuple_pattern')) {
            const names = left.children.filter((c) => c.type !== ',' && c.type !== '(' && c.type !== ')');
            const right = field(a, 'right');
            const vals = right?.type === 'expression_list' || right?.type === 'tuple' ? right.children.filter((c) => c.type !== ',' && c.type !== '(' && c.type !== ')') : [];
            names.forEach((nm, i) => {
              if (nm.type === 'identifier') note(textOf(text, nm), vals.length === names.length ? vals[i] : undefined);
            });
          }
        }
      } else if (s.type === 'if_statement' && mainGuard(text, s)) {
        // `if __name__ == "__main__":` with no alternative is the script's own run, not a branch of it
        const body = field(s, 'consequence');
        if (body) visit(body);
      } else if (s.type === 'if_statement' || s.type === 'try_statement') {
        // assignments in module-level branches make a name dynamic
        for (const b of s.children) if (b.type === 'block') for (const st of b.children) {
          const a = st.children[0];
          const left = a?.type === 'assignment' ? field(a, 'left') : undefined;
          if (left?.type === 'identifier') note(textOf(text, left), undefined);
        }
      }
    }
  };
  visit(root);
  for (const [name, c] of counts) if (c !== 1 && literals.get(name) == null) values.delete(name);
  return { values };
}

/** `if __name__ == "__main__":` (either quote, either side) without `elif` / `else`. */
function mainGuard(text: string, s: PyNode): boolean {
  const cond = field(s, 'condition');
  if (!cond || s.children.some((c) => c.type === 'elif_clause' || c.type === 'else_clause')) return false;
  return /^__name__\s*==\s*(['"])__main__\1$|^(['"])__main__\2\s*==\s*__name__$/.test(textOf(text, cond).trim());
}

/** The text of a string literal without quotes, or undefined for f-strings / concatenations. */
export function stringValue(text: string, n: PyNode): string | undefined {
  if (n.type !== 'string') return undefined;
  if (n.children.some((c) => c.type === 'interpolation')) return undefined;
  const startTok = n.children.find((c) => c.type === 'string_start');
  const endTok = n.children.find((c) => c.type === 'string_end');
  if (!startTok || !endTok) return undefined;
  const prefix = textOf(text, startTok).toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  return text.slice(startTok.end, endTok.start);
}

export function evalConst(text: string, n: PyNode | undefined, consts?: ModuleConsts, depth = 0): ConstValue {
  if (!n || depth > 8) return DYNAMIC;
  switch (n.type) {
    case 'integer': {
      const t = textOf(text, n).replace(/_/g, '').toLowerCase();
      const v = t.startsWith('0x') ? parseInt(t, 16) : t.startsWith('0o') ? parseInt(t.slice(2), 8) : t.startsWith('0b') ? parseInt(t.slice(2), 2) : Number(t);
      return Number.isFinite(v) ? v : DYNAMIC;
    }
    case 'float': {
      const v = Number(textOf(text, n).replace(/_/g, ''));
      return Number.isFinite(v) ? v : DYNAMIC;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'string':
      return stringValue(text, n) ?? DYNAMIC;
    case 'concatenated_string': {
      let s = '';
      for (const c of n.children) {
        const v = stringValue(text, c);
        if (v === undefined) return DYNAMIC;
        s += v;
      }
      return s;
    }
    case 'parenthesized_expression':
      return evalConst(text, n.children[0], consts, depth + 1);
    case 'unary_operator': {
      const arg = field(n, 'argument');
      const v = evalConst(text, arg, consts, depth + 1);
      if (typeof v !== 'number') return DYNAMIC;
      const op = text.slice(n.start, arg ? arg.start : n.end).trim();
      return op === '-' ? -v : op === '+' ? v : DYNAMIC;
    }
    case 'binary_operator': {
      const l = evalConst(text, field(n, 'left'), consts, depth + 1);
      const r = evalConst(text, field(n, 'right'), consts, depth + 1);
      if (typeof l !== 'number' || typeof r !== 'number') return DYNAMIC;
      const left = field(n, 'left')!;
      const right = field(n, 'right')!;
      const op = text.slice(left.end, right.start).trim();
      switch (op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '//': return r === 0 ? DYNAMIC : Math.floor(l / r);
        case '/': return r === 0 ? DYNAMIC : l / r;
        case '**': return l ** r;
        default: return DYNAMIC;
      }
    }
    case 'identifier': {
      const v = consts?.values.get(textOf(text, n));
      return v ? evalConst(text, v, consts, depth + 1) : DYNAMIC;
    }
    default:
      return DYNAMIC;
  }
}

export function constNumber(text: string, n: PyNode | undefined, consts?: ModuleConsts): number | undefined {
  const v = evalConst(text, n, consts);
  return typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : undefined;
}

export function constString(text: string, n: PyNode | undefined, consts?: ModuleConsts): string | undefined {
  const v = evalConst(text, n, consts);
  return typeof v === 'string' ? v : undefined;
}

export function constBool(text: string, n: PyNode | undefined, consts?: ModuleConsts): boolean | undefined {
  const v = evalConst(text, n, consts);
  return typeof v === 'boolean' ? v : undefined;
}

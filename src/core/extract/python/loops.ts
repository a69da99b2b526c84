// Loops: is a call inside a for/while loop (within its own function), does the loop walk independent items
// or batches, and does the call depend on the loop's item?
//   items:   `for x in texts`, `for row in dataset`, `for i in range(len(xs))`, a DataLoader with batch_size 1 (or
//            its default, 1), wrapped in tqdm / enumerate / zip
//   batches: a DataLoader with batch_size > 1, `batched(...)` / `chunked(...)`, `range(0, n, step)`,
//            `.iter(batch_size=...)`, a target or iterable named like a batch / chunk
//   unknown: anything else (a DataLoader whose batch size is dynamic, `while` loops)
import { callArgs, field, textOf, walk, type PyNode } from './ast';
import { classify, keyOf, type PyAnalysis } from './analysis';
import { constNumber } from './consts';
import { calleeLast } from './imports';

export type LoopKind = 'items' | 'batches' | 'unknown';

export interface LoopInfo {
  loop: PyNode;
  kind: LoopKind;
  /** Names bound by the loop target (`for i, x in ...` → i, x). */
  targets: string[];
}

const WRAPPERS = new Set(['tqdm', 'enumerate', 'zip', 'list', 'sorted', 'reversed', 'iter', 'trange', 'track', 'islice']);
const BATCHERS = new Set(['batched', 'chunked', 'chunks', 'batch', 'iter_batches', 'batchify', 'minibatch', 'grouper', 'make_batches', 'get_batches']);

/** A name that says it holds a batch (`batch`, `minibatch`, `batches`). A lone `chunk` is usually one text chunk: an item. */
function batchyName(s: string): boolean {
  return s.toLowerCase().includes('batch');
}

const COMPREHENSIONS = new Set(['list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension']);

export function isComprehension(n: PyNode): boolean {
  return COMPREHENSIONS.has(n.type);
}

/** A loop's target, iterable and body: a for statement's fields, or a comprehension's first `for ... in`. */
export function loopHead(loop: PyNode): { left?: PyNode; right?: PyNode; body?: PyNode } {
  if (isComprehension(loop)) {
    const clause = loop.children.find((c) => c.type === 'for_in_clause');
    return { left: field(clause, 'left'), right: field(clause, 'right'), body: field(loop, 'body') };
  }
  return { left: field(loop, 'left'), right: field(loop, 'right'), body: field(loop, 'body') };
}

/** Loops (statements and comprehensions) around `n` inside its own function (innermost first). */
export function enclosingLoops(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') break;
    if ((p.type === 'for_statement' || p.type === 'while_statement' || isComprehension(p)) && inBody(n, p)) out.push(p);
  }
  return out;
}

function inBody(n: PyNode, loop: PyNode): boolean {
  const body = loopHead(loop).body;
  return !!body && n.start >= body.start && n.end <= body.end;
}

export function loopTargets(text: string, loop: PyNode): string[] {
  const left = loopHead(loop).left;
  const out: string[] = [];
  if (left) walk(left, (n) => {
    if (n.type === 'identifier') out.push(textOf(text, n));
  });
  return out;
}

export function classifyLoop(a: PyAnalysis, loop: PyNode): LoopInfo {
  const text = a.text;
  const targets = loop.type === 'while_statement' ? [] : loopTargets(text, loop);
  const info = (kind: LoopKind): LoopInfo => ({ loop, kind, targets });
  if (loop.type === 'while_statement') return info('unknown');
  if (targets.some(batchyName)) return info('batches');
  let it = loopHead(loop).right;
  for (let i = 0; i < 4 && it?.type === 'call'; i++) {
    const last = calleeLast(text, it);
    if (last && BATCHERS.has(last)) return info('batches');
    const args = callArgs(text, it);
    if (last === 'iter' && args.keywords.has('batch_size')) return info('batches');
    if (last === 'range') {
      if (args.positional.length >= 3) return info('batches');
      return info('items');
    }
    if (last && WRAPPERS.has(last)) {
      it = args.positional[0];
      continue;
    }
    break;
  }
  if (!it) return info('unknown');
  const key = keyOf(text, it);
  if (key && batchyName(key)) return info('batches');
  const k = classify(a, it, 0);
  // an unknown loader (a parameter, another module's) batches as it was configured elsewhere
  if (!k && key && /loader|(^|[._])dl$/i.test(key)) return info('unknown');
  if (k?.kind === 'dataloader') {
    const bs = callArgs(text, k.origin).keywords.get('batch_size');
    const sampler = callArgs(text, k.origin).keywords.get('batch_sampler');
    if (sampler) return info('batches');
    if (!bs) return info('items'); // DataLoader's default batch_size is 1
    const v = constNumber(text, bs.value, a.consts);
    if (v === undefined) return info('unknown');
    return info(v <= 1 ? 'items' : 'batches');
  }
  return info('items');
}

/** Whether `call`'s arguments use the loop's item (directly or through names assigned from it in the loop). */
export function dependsOnItem(a: PyAnalysis, info: LoopInfo, call: PyNode): boolean {
  const text = a.text;
  const names = new Set(info.targets.filter((t) => t !== '_'));
  if (names.size === 0) return false;
  const body = loopHead(info.loop).body;
  if (body) {
    for (let round = 0; round < 3; round++) {
      walk(body, (n) => {
        if (n.type !== 'assignment' || n.start >= call.start) return true;
        const right = field(n, 'right');
        let uses = false;
        if (right) walk(right, (m) => {
          if (m.type === 'identifier' && names.has(textOf(text, m))) uses = true;
        });
        if (uses) {
          const left = field(n, 'left');
          if (left) walk(left, (m) => {
            if (m.type === 'identifier' && m.field !== 'attribute') names.add(textOf(text, m));
          });
        }
        return true;
      });
    }
  }
  const args = field(call, 'arguments');
  let uses = false;
  if (args) walk(args, (m) => {
    if (m.type === 'identifier' && names.has(textOf(text, m))) uses = true;
  });
  return uses;
}

/** Whether a loop body asks a person for input (`input()`), i.e. it is a REPL, not a pass over a dataset. */
export function isInteractive(a: PyAnalysis, loop: PyNode): boolean {
  let yes = false;
  walk(loop, (n) => {
    if (n.type === 'call') {
      const last = calleeLast(a.text, n);
      if (last === 'input' || last === 'prompt' || last === 'readline') yes = true;
    }
    if (n.type === 'attribute' && textOf(a.text, n) === 'sys.stdin') yes = true;
    return !yes;
  });
  return yes;
}

// Which library a class used in this file comes from: `AutoModel` imported from transformers is transformers';
// `GPT` defined here (or imported from the repository's own `model.py`) is the project's, unless it subclasses a
// library class and does not define the method itself (`class BertAbs(BertAbsPreTrainedModel)`, whose base
// subclasses `transformers.PreTrainedModel`, loads through transformers' `from_pretrained`). Follows local base
// classes and one import hop into the repository's modules (modules.ts: through the WorkspaceReader, each module
// parsed once), never a name that merely looks alike.
import { field, textOf, type PyNode } from './ast';
import { definitions, type PyAnalysis } from './analysis';
import { qualifiedName } from './imports';
import { importedDefinition } from './modules';
import type { WorkspaceReader } from '../../settings';

/** Top-level modules whose classes are "library" classes for this purpose. */
const LIBRARIES = new Set(['transformers', 'diffusers', 'torch', 'peft', 'trl', 'auto_gptq', 'optimum', 'sentence_transformers', 'vllm', 'unsloth', 'lightning', 'pytorch_lightning', 'timm', 'open_clip', 'swift', 'accelerate']);

export interface ClassOrigin {
  /** The qualified name of the library class the method resolves to (`transformers.PreTrainedModel`). */
  libraryClass?: string;
  /** The project defines the method itself (its own `from_pretrained`), or the class has no library base we can see. */
  project?: true;
}

function isLibrary(q: string): boolean {
  return LIBRARIES.has(q.split('.')[0]);
}

function definesMethod(a: PyAnalysis, cls: PyNode, method: string): boolean {
  for (const s of field(cls, 'body')?.children ?? []) {
    const def = s.type === 'decorated_definition' ? s.children.find((c) => c.type === 'function_definition') : s;
    const n = def?.type === 'function_definition' ? field(def, 'name') : undefined;
    if (n && textOf(a.text, n) === method) return true;
  }
  return false;
}

/** The class a bare name stands for in module `a`: defined there, or imported from the repository (one hop). */
function classNamed(a: PyAnalysis, name: string, ws: WorkspaceReader, hops: number): { mod: PyAnalysis; cls: PyNode } | undefined {
  const local = definitions(a).get(name);
  if (local?.type === 'class_definition') return { mod: a, cls: local };
  if (local) return undefined;
  if (hops <= 0) return undefined;
  const imp = importedDefinition(a, name, ws);
  return imp && imp.def.type === 'class_definition' ? { mod: imp.mod, cls: imp.def } : undefined;
}

function originOfClass(mod: PyAnalysis, cls: PyNode, method: string, ws: WorkspaceReader, hops: number, depth: number): ClassOrigin {
  if (definesMethod(mod, cls, method)) return { project: true };
  if (depth < 6) {
    for (const s of field(cls, 'superclasses')?.children ?? []) {
      if (s.type === 'keyword_argument') continue;
      const q = qualifiedName(mod.text, mod.imports, s);
      if (!q) continue;
      if (isLibrary(q)) return { libraryClass: q };
      if (s.type !== 'identifier') continue;
      const base = classNamed(mod, q, ws, hops);
      if (!base) continue;
      const r = originOfClass(base.mod, base.cls, method, ws, base.mod === mod ? hops : hops - 1, depth + 1);
      if (r.libraryClass) return r;
    }
  }
  return { project: true };
}

/**
 * Where `<receiver>.method(...)` resolves for the receiver expression of a call in `a`: a library class (through
 * the import map), a class of this file or of a repository module (its own method, or its library base's).
 * Undefined when the receiver is not a class we can see (a variable holding a class, an unknown module).
 */
export function classOrigin(a: PyAnalysis, ws: WorkspaceReader, receiver: PyNode, method: string): ClassOrigin | undefined {
  const q = qualifiedName(a.text, a.imports, receiver);
  if (!q) return undefined;
  if (isLibrary(q)) return { libraryClass: q };
  if (receiver.type !== 'identifier') return undefined;
  const c = classNamed(a, textOf(a.text, receiver), ws, 1);
  return c ? originOfClass(c.mod, c.cls, method, ws, c.mod === a ? 1 : 0, 0) : undefined;
}

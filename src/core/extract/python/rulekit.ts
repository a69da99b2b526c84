// Small shared pieces of the Python rule checks: the half-precision dtype to suggest, and whether a document is
// Python at all.
import { lookupHardware } from '../../data/lookup';
import type { NotebookDoc, ParsedDocument, PythonDoc } from '../../parse/document';
import type { AnalysisSettings } from '../../settings';

export function isPython(doc: ParsedDocument): doc is PythonDoc | NotebookDoc {
  return doc.lang === 'python' || doc.lang === 'notebook';
}

/** bf16 unless the configured default hardware is known to lack it (V100, T4: fp16). */
export function halfDtype(settings: AnalysisSettings): { name: 'bfloat16' | 'float16'; precision: 'bf16' | 'fp16'; why: string } {
  let hw;
  try {
    hw = settings.hardware ? lookupHardware(settings.hardware) : undefined;
  } catch {
    hw = undefined;
  }
  if (hw && !hw.bf16) return { name: 'float16', precision: 'fp16', why: `${hw.name} has no bf16` };
  if (hw) return { name: 'bfloat16', precision: 'bf16', why: `${hw.name} supports bf16` };
  return { name: 'bfloat16', precision: 'bf16', why: 'Ampere or newer GPUs support bf16; use float16 on V100/T4' };
}

/** A unit-test file (pytest / unittest naming): forward passes there check shapes, not serve traffic. */
export function isTestFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /(^|\/)tests?\//.test(path) || name.startsWith('test_') || name.endsWith('_test.py') || name === 'conftest.py';
}

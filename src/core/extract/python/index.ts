// Python and notebooks → job facts (Trainer / TrainingArguments keyword arguments, raw PyTorch loops,
// transformers / vLLM inference).
import type { NotebookDoc, PythonDoc } from '../../parse/document';
import type { JobFacts } from '../../types';
import type { ExtractContext } from '../index';

export function extractPythonJobs(_doc: PythonDoc | NotebookDoc, _ctx: ExtractContext): JobFacts[] {
  // TODO(python helper)
  return [];
}

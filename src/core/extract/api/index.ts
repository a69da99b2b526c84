// The one entry point rules use: a parsed document → its ApiUsage (JS/TS or Python), cached per document.
import type { ParsedDocument } from '../../parse/document';
import type { WorkspaceReader } from '../../settings';
import type { JobFacts, Span } from '../../types';
import { jstsApiUsage } from '../jsts/usage';
import { pythonApiUsage } from './python-usage';
import { apiJobs } from './jobs';
import type { ApiUsage } from './usage';

const empty: ApiUsage = { calls: [], loads: [] };

/** `workspace` lets JS/TS imports of local modules (`import { openai } from "./clients"`) resolve. */
export function apiUsageOf(doc: ParsedDocument, workspace?: WorkspaceReader): ApiUsage {
  if (doc.lang === 'jsts') return jstsApiUsage(doc, workspace);
  if (doc.lang === 'python' || doc.lang === 'notebook') return pythonApiUsage(doc, workspace);
  return empty;
}

/** The model-API job anchored at a call (see apiJobs). */
export function jobAt(jobs: readonly JobFacts[], span: Span): JobFacts | undefined {
  return jobs.find((j) => j.flavour === 'model-api' && j.anchor?.span.start === span.start && j.anchor.span.end === span.end);
}

/** Model-API jobs of a Python module or notebook, numbered after the jobs already extracted from it. */
export function apiPythonJobs(doc: ParsedDocument, firstIndex: number, workspace?: WorkspaceReader): JobFacts[] {
  if (doc.lang !== 'python' && doc.lang !== 'notebook') return [];
  return apiJobs(doc.path, pythonApiUsage(doc, workspace), firstIndex);
}

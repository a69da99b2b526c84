// Job extraction: a parsed document (and the files it references) → normalised job facts, each with its source.
import type { ParsedDocument } from '../parse/document';
import type { AnalysisSettings, WorkspaceReader } from '../settings';
import type { JobFacts } from '../types';
import { apiPythonJobs } from './api';
import { extractConfigJobs } from './config';
import { extractJstsJobs } from './jsts';
import { extractPythonJobs } from './python';

export interface ExtractContext {
  settings: AnalysisSettings;
  workspace: WorkspaceReader;
}

export function extractJobs(doc: ParsedDocument, ctx: ExtractContext): JobFacts[] {
  switch (doc.lang) {
    case 'python':
    case 'notebook': {
      const jobs = extractPythonJobs(doc, ctx);
      return [...jobs, ...apiPythonJobs(doc, jobs.length, ctx.workspace)];
    }
    case 'jsts':
      return extractJstsJobs(doc, ctx);
    case 'toml':
      return [];
    default:
      return extractConfigJobs(doc, ctx);
  }
}

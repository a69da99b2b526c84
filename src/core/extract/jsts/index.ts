// JS/TS application code that calls model APIs → job facts (inference through hosted or in-process models).
// Owned by the JS/TS work; the syntax reading lives in ./usage.ts, the facts in ../api/jobs.ts.
import type { JstsDoc } from '../../parse/document';
import type { JobFacts } from '../../types';
import { apiJobs } from '../api/jobs';
import type { ExtractContext } from '../index';
import { jstsApiUsage } from './usage';

export function extractJstsJobs(doc: JstsDoc, ctx: ExtractContext): JobFacts[] {
  return apiJobs(doc.path, jstsApiUsage(doc, ctx.workspace));
}

// JS/TS application code that calls model APIs → job facts (inference through hosted or in-process models).
import type { JstsDoc } from '../../parse/document';
import type { JobFacts } from '../../types';
import type { ExtractContext } from '../index';

export function extractJstsJobs(_doc: JstsDoc, _ctx: ExtractContext): JobFacts[] {
  // TODO(js/ts helper)
  return [];
}

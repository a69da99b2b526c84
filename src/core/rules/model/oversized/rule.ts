// model/oversized: oversized model. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';
import { checkApiPython } from './api-python';
import { checkJsts } from './jsts';

export const rule: Rule = {
  meta: {
    id: 'model/oversized',
    title: 'oversized model',
    severity: 'warning',
    fixSafety: 'manual',
    languages: ['python', 'notebook', 'jsts', 'yaml', 'json'],
  },
  docs: {
    whatItDoes: 'TODO',
    whyItCosts: 'TODO',
    example: { file: 'TODO', code: 'TODO' },
    useInstead: { file: 'TODO', code: 'TODO' },
    fixSafety: 'TODO',
    estimatedImpact: 'TODO',
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx), ...checkApiPython(ctx), ...checkJsts(ctx)],
};

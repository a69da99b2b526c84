// grad/no-grad-inference: inference with autograd on. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'grad/no-grad-inference',
    title: 'inference with autograd on',
    severity: 'warning',
    fixSafety: 'unsafe',
    languages: ['python', 'notebook'],
  },
  docs: {
    whatItDoes: 'TODO',
    whyItCosts: 'TODO',
    example: { file: 'TODO', code: 'TODO' },
    useInstead: { file: 'TODO', code: 'TODO' },
    fixSafety: 'TODO',
    estimatedImpact: 'TODO',
  },
  check: (ctx) => [...checkPython(ctx)],
};

// measure/no-energy-tracking: no energy measurement. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'measure/no-energy-tracking',
    title: 'no energy measurement',
    severity: 'info',
    fixSafety: 'manual',
    languages: ['python', 'notebook'],
    optIn: true,
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

// data/dataloader-workers: DataLoader without workers. Owner of the docs: the Python checks.
import type { Rule } from '../../rule';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'data/dataloader-workers',
    title: 'DataLoader without workers',
    severity: 'warning',
    fixSafety: 'safe',
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

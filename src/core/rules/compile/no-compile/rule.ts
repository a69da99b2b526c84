// compile/no-compile: training without torch.compile. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'compile/no-compile',
    title: 'training without torch.compile',
    severity: 'info',
    fixSafety: 'safe',
    languages: ['yaml', 'json', 'python', 'notebook'],
  },
  docs: {
    whatItDoes: 'TODO',
    whyItCosts: 'TODO',
    example: { file: 'TODO', code: 'TODO' },
    useInstead: { file: 'TODO', code: 'TODO' },
    fixSafety: 'TODO',
    estimatedImpact: 'TODO',
  },
  check: (ctx) => [...checkConfig(ctx), ...checkPython(ctx)],
};

// hardware/legacy-accelerator: legacy accelerator. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'hardware/legacy-accelerator',
    title: 'legacy accelerator',
    severity: 'warning',
    fixSafety: 'manual',
    languages: ['yaml', 'json', 'python', 'notebook', 'shell', 'pbtxt'],
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

// batching/tiny-train-batch: tiny training batch. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'batching/tiny-train-batch',
    title: 'tiny training batch',
    severity: 'warning',
    fixSafety: 'safe',
    languages: ['yaml', 'json', 'python', 'notebook', 'shell'],
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

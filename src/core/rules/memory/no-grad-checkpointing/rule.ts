// memory/no-grad-checkpointing: large full fine-tune without gradient checkpointing. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';
import { checkPython } from './python';

export const rule: Rule = {
  meta: {
    id: 'memory/no-grad-checkpointing',
    title: 'large full fine-tune without gradient checkpointing',
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

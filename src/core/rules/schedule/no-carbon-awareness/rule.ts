// schedule/no-carbon-awareness: high-carbon region for a flexible job. Owner of the docs: the config checks.
import type { Rule } from '../../rule';
import { checkConfig } from './config';

export const rule: Rule = {
  meta: {
    id: 'schedule/no-carbon-awareness',
    title: 'high-carbon region for a flexible job',
    severity: 'info',
    fixSafety: 'manual',
    languages: ['yaml', 'json', 'shell', 'toml'],
  },
  docs: {
    whatItDoes: 'TODO',
    whyItCosts: 'TODO',
    example: { file: 'TODO', code: 'TODO' },
    useInstead: { file: 'TODO', code: 'TODO' },
    fixSafety: 'TODO',
    estimatedImpact: 'TODO',
  },
  check: (ctx) => [...checkConfig(ctx)],
};

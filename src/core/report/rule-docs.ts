// A rule's user documentation as Markdown and plain text, generated from its RuleDocs (src/core/rules/rule.ts).
// The one source for docs/rules/*.md, `wattlint rules ID` and SARIF help; nothing writes rule docs by hand twice.
import { RULE_DOCS_BASE, ruleDocPath, type CodeSample, type Rule } from '../rules/rule';
import { rulePrecisionTable } from '../data/rule-precision';
import type { Language } from '../types';

const fenceLanguage: Record<string, string> = {
  py: 'python',
  ipynb: 'python',
  json: 'json',
  jsonc: 'jsonc',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  sh: 'bash',
  bash: 'bash',
  pbtxt: 'protobuf',
  ts: 'ts',
  js: 'js',
};

const languageNames: Record<Language, string> = {
  yaml: 'YAML',
  json: 'JSON',
  toml: 'TOML',
  python: 'Python',
  notebook: 'notebooks',
  pbtxt: 'Triton pbtxt',
  shell: 'shell scripts',
  jsts: 'JavaScript/TypeScript',
};

export function ruleHelpUri(rule: Rule): string {
  return RULE_DOCS_BASE + ruleDocPath(rule.meta.id);
}

function fence(sample: CodeSample): string {
  const ext = sample.file.slice(sample.file.lastIndexOf('.') + 1).toLowerCase();
  const body = sample.code.replace(/\s+$/, '');
  const ticks = body.includes('```') ? '````' : '```';
  return `\`${sample.file}\`:\n\n${ticks}${fenceLanguage[ext] ?? ''}\n${body}\n${ticks}`;
}

/** What the judged sample of real code says about the rule, and what it did to the default severity. */
export function measuredText(rule: Rule): string {
  const { meta } = rule;
  const t = rulePrecisionTable();
  const where =
    `${t.source.corpus}, samples ${t.source.samples.join(' and ')} in \`${t.source.labels}\`, measured at ${t.source.commit} on ${t.source.date}` +
    Object.values(t.corpora ?? {})
      .map((c) => `; and ${c.corpus}, samples ${c.samples.join(' and ')} in \`${c.labels}\`, measured at ${c.commit} on ${c.date}`)
      .join('');
  if (!meta.measured) {
    return `Not measured yet: no finding of this rule in the judged samples of real code (${where}).`;
  }
  const m = meta.measured;
  const line = `${m.tp} of ${m.judged} judged findings on real code were right: precision ${m.precision.toFixed(2)} (${where}).`;
  const authored = meta.authoredSeverity ?? meta.severity;
  if (authored !== meta.severity && m.precision >= t.threshold) {
    return `${line} That is too few judged findings to warn on (a rule warns by default from ${t.minJudgedToWarn} judged at ${t.threshold.toFixed(2)} or more), so the rule reports at \`${meta.severity}\` by default instead of \`${authored}\`; set it to \`${authored}\` in \`wattlint.toml\` to have it warn.`;
  }
  if (authored !== meta.severity) {
    return `${line} That is below ${t.threshold.toFixed(2)}, so the rule reports at \`${meta.severity}\` by default instead of \`${authored}\`; set it to \`${authored}\` in \`wattlint.toml\` to have it warn.`;
  }
  return authored === 'info' ? line : `${line} At or above ${t.threshold.toFixed(2)}, so it keeps its \`${authored}\` default.`;
}

function fixLabel(rule: Rule): string {
  return rule.meta.fixSafety === 'none' ? 'none (advice in the message)' : rule.meta.fixSafety;
}

/** The rule's page: fixed headings (What it does / Why it costs / Example / Use instead / Fix safety / Estimated impact). */
export function ruleDocMarkdown(rule: Rule): string {
  const { meta, docs } = rule;
  const parts = [
    `# ${meta.id}`,
    `**${meta.title}** · default severity: \`${meta.severity}\`${meta.optIn ? ' (opt-in)' : ''} · fix: ${fixLabel(rule)} · ` +
      `reads: ${meta.languages.map((l) => languageNames[l]).join(', ')}`,
    `## What it does\n\n${docs.whatItDoes.trim()}`,
    `## Why it costs\n\n${docs.whyItCosts.trim()}`,
    `## Example\n\n${fence(docs.example)}`,
    `## Use instead\n\n${fence(docs.useInstead)}`,
    `## Fix safety\n\n${docs.fixSafety.trim()}`,
    `## Estimated impact\n\n${docs.estimatedImpact.trim()}`,
  ];
  if (docs.notFlagged) parts.push(`## Not flagged\n\n${docs.notFlagged.trim()}`);
  parts.push(`## Measured on real code\n\n${measuredText(rule)}`);
  parts.push(
    '## Configuration\n\n' +
      (meta.optIn ? `This rule is off unless enabled in \`wattlint.toml\`:\n\n` : `Change its severity or turn it off in \`wattlint.toml\`:\n\n`) +
      '```toml\n[rules]\n' +
      `"${meta.id}" = "${meta.optIn ? meta.severity : 'off'}"\n` +
      '```\n\n' +
      `Silence one line with \`# wattlint: ignore[${meta.id}] -- reason\`.`,
  );
  return parts.join('\n\n') + '\n';
}

/** Plain-text help (SARIF `help.text`): the same sections without Markdown. */
export function ruleDocText(rule: Rule): string {
  const { docs } = rule;
  const code = (s: CodeSample) => `${s.file}:\n${s.code.replace(/\s+$/, '')}`;
  const parts = [
    `What it does: ${docs.whatItDoes.trim()}`,
    `Why it costs: ${docs.whyItCosts.trim()}`,
    `Example (${code(docs.example)})`,
    `Use instead (${code(docs.useInstead)})`,
    `Fix safety: ${docs.fixSafety.trim()}`,
    `Estimated impact: ${docs.estimatedImpact.trim()}`,
  ];
  if (docs.notFlagged) parts.push(`Not flagged: ${docs.notFlagged.trim()}`);
  return parts.join('\n\n');
}

/** docs/rules/README.md: the index of every rule. */
export function ruleIndexMarkdown(rules: readonly Rule[]): string {
  const rows = rules.map(
    (r) =>
      `| [\`${r.meta.id}\`](${ruleDocPath(r.meta.id)}) | ${r.meta.title} | ${r.meta.severity}${r.meta.optIn ? ' (opt-in)' : ''} | ${fixLabel(r)} |`,
  );
  return [
    '# Wattlint rules',
    'Generated from the rules\' metadata by `npm run docs`; do not edit by hand.',
    '| Rule | What | Default severity | Fix |\n|---|---|---|---|\n' + rows.join('\n'),
    'Fix safety: `safe` fixes are mechanical and applied by `wattlint fix`; `unsafe` ones need review and are applied by ' +
      '`wattlint fix --unsafe`; `manual` fixes are advice only.',
  ].join('\n\n') + '\n';
}

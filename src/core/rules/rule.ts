// What a rule is: metadata, user docs (the single source for the docs site, SARIF help and `wattlint rules ID`),
// and a check that reads job facts (and, where it must, syntax) and returns findings with their fixes.
import type { ParsedDocument } from '../parse/document';
import type { AnalysisSettings, WorkspaceReader } from '../settings';
import type { FactPatch, Fix, FixSafety, JobFacts, Language, Severity, SourceRef, Span } from '../types';

export interface CodeSample {
  /** File name the sample stands for, e.g. `ds_config.json` or `train.py` (it picks the highlighting). */
  file: string;
  code: string;
}

export interface RuleDocs {
  /** One or two sentences: what the rule flags. */
  whatItDoes: string;
  /** Why it costs energy or money, with a figure where there is one. */
  whyItCosts: string;
  example: CodeSample;
  useInstead: CodeSample;
  /** What the fix changes and why it is safe / unsafe / advice only. */
  fixSafety: string;
  /** The typical saving and its source (a paper, a datasheet, the engine's own model). */
  estimatedImpact: string;
  /** When the rule stays silent on purpose. */
  notFlagged?: string;
}

export interface RuleMeta {
  id: string;
  /** Short, in the user's words: "fp32 training". */
  title: string;
  severity: Severity;
  /** The strongest fix this rule can offer; 'none' when it only advises in its message. */
  fixSafety: FixSafety | 'none';
  /** Languages whose documents the check reads. */
  languages: Language[];
  /** Off unless enabled in config. */
  optIn?: boolean;
  /** Set by the catalogue: the severity the rule's author gave it, before measured precision lowered it. */
  authoredSeverity?: Severity;
  /** Set by the catalogue: judged precision on real code (src/core/data/rule-precision.json); absent: not measured. */
  measured?: { judged: number; tp: number; precision: number };
}

export interface FindingDraft {
  message: string;
  /** null: file-level (a missing key or block). Offsets into the document's text (joined cells for notebooks). */
  span: Span | null;
  fix?: Fix;
  jobId?: string;
  patch?: FactPatch;
  /** Facts the rule established that the job model lacks, true before and after the fix (priced by the engine). */
  given?: FactPatch;
  related?: { ref: SourceRef; message: string }[];
  /** At most this severity for this finding (its premise depends on something the project does not pin). */
  severity?: Severity;
}

export interface RuleContext {
  doc: ParsedDocument;
  /** Jobs extracted from this document (facts may come from files it references). */
  jobs: JobFacts[];
  settings: AnalysisSettings;
  workspace: WorkspaceReader;
}

export interface Rule {
  meta: RuleMeta;
  docs: RuleDocs;
  check(ctx: RuleContext): FindingDraft[];
}

/** The base URL of the rule docs shipped with the product (also readable offline in docs/rules/). */
export const RULE_DOCS_BASE = 'https://github.com/wattlint/wattlint/blob/main/docs/rules/';

export function ruleDocPath(id: string): string {
  return `${id.replace('/', '-')}.md`;
}

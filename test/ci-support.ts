// Shared by the CI-surface tests (unit and integration): the repository root, commands run as child processes, the README's CI
// snippets, and a fresh git repository holding this working tree (what a user's clone of it would hold).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository root (this file runs from out/test/). */
export const ROOT = join(__dirname, '..', '..');

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr, for assertion messages. */
  all: string;
}

export function run(cmd: string, args: readonly string[], opts: SpawnSyncOptions = {}): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  return { status: r.status ?? -1, stdout, stderr, all: `$ ${cmd} ${args.join(' ')}\n${stdout}${stderr}` };
}

/** Whether a command is on the PATH. */
export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `wattlint-${prefix}-`));
}

/** An identity for commits in scratch repositories, whatever the machine's git config says. */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Wattlint test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Wattlint test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): Ran {
  return run('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, env: { ...process.env, ...GIT_ENV } });
}

/**
 * A new git repository holding this working tree's files as a clone would: the tracked files and the untracked
 * ones git does not ignore (so uncommitted work is what gets tested), without node_modules, builds or caches.
 * Returns the folder and the commit.
 */
export function cloneOfWorkingTree(): { dir: string; rev: string } {
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${ROOT}:\n${listed.all}`);
  const dir = tempDir('hook-repo');
  for (const rel of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const st = lstatSync(join(ROOT, rel), { throwIfNoEntry: false });
    if (!st?.isFile()) continue; // deleted in the working tree, or a link (node_modules in a worktree)
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    copyFileSync(join(ROOT, rel), join(dir, rel));
  }
  for (const step of [['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'wattlint under test']]) {
    const r = git(dir, ...step);
    if (r.status !== 0) throw new Error(r.all);
  }
  return { dir, rev: git(dir, 'rev-parse', 'HEAD').stdout.trim() };
}

/** The fenced code blocks of the README's "Use in CI" section, by the heading (###) above them. */
export function ciSnippets(): Map<string, { lang: string; code: string }[]> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Use in CI\n');
  if (start < 0) throw new Error('README.md has no "## Use in CI" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const out = new Map<string, { lang: string; code: string }[]>();
  let heading = '';
  const lines = section.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const h = /^### (.+)$/.exec(lines[i]);
    if (h) heading = h[1].trim();
    const fence = /^```(\w*)$/.exec(lines[i]);
    if (!fence) continue;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    out.set(heading, [...(out.get(heading) ?? []), { lang: fence[1], code: body.join('\n') + '\n' }]);
  }
  return out;
}

/** The first code block under a "Use in CI" heading. */
export function ciSnippet(heading: string): string {
  const blocks = ciSnippets().get(heading);
  if (!blocks?.length) throw new Error(`README "Use in CI" has no code block under "### ${heading}"`);
  return blocks[0].code;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The parts of GitHub's own actions parser and expression evaluator (`@actions/workflow-parser`) the tests use. */
export interface GitHubActionsTools {
  parseAction(file: { name: string; content: string }, trace: unknown): { context: { errors: { getErrors(): { message: string }[] } }; value: unknown };
  parseWorkflow(file: { name: string; content: string }, trace: unknown): { context: { errors: { getErrors(): { message: string }[] } }; value: unknown };
  NoOperationTraceWriter: new () => unknown;
  /** Evaluates a `${{ }}`-less expression against a context given as plain JSON (e.g. `{ inputs, steps }`). */
  evaluate(expression: string, context: Record<string, unknown>): { value: unknown; truthy: boolean };
}

let tools: GitHubActionsTools | undefined;

/**
 * Loads GitHub's parser and evaluator. They are ES modules that import their JSON schemas without import
 * attributes (they are made for bundlers), so esbuild bundles them once into a CommonJS file.
 */
export function githubActionsTools(): GitHubActionsTools {
  if (tools) return tools;
  const { buildSync } = require('esbuild') as typeof import('esbuild');
  const entry = `
    import { parseAction } from '@actions/workflow-parser/actions/index';
    import { parseWorkflow, NoOperationTraceWriter } from '@actions/workflow-parser';
    import { Lexer, Parser, Evaluator, data } from '@actions/expressions';
    import { truthy } from '@actions/expressions/result';
    export { parseAction, parseWorkflow, NoOperationTraceWriter };
    export function evaluate(expression, context) {
      const lexed = new Lexer(expression).lex();
      const expr = new Parser(lexed.tokens, Object.keys(context), []).parse();
      const result = new Evaluator(expr, JSON.parse(JSON.stringify(context), data.reviver)).evaluate();
      return { value: JSON.parse(JSON.stringify(result, data.replacer)), truthy: truthy(result) };
    }`;
  const out = buildSync({ stdin: { contents: entry, resolveDir: ROOT, loader: 'js' }, bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'error' });
  const file = join(tempDir('gh-tools'), 'github-actions-tools.cjs');
  writeFileSync(file, out.outputFiles[0].text);
  tools = require(file) as GitHubActionsTools;
  return tools;
}

/**
 * A validator for SARIF 2.1.0 logs: the OASIS schema as the SARIF SDK's npm package ships it
 * (`@microsoft/jest-sarif`, sarif-2.1.0-rtm.5.json, JSON Schema draft-04), checked with Ajv, formats included.
 * Returns the errors, empty when the log is valid.
 */
export function sarifErrors(log: unknown): string[] {
  const Ajv04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  // unicodeRegExp false: the schema's `language` pattern has a stray `]`, legal only without the u flag.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/**
 * `wattlint ...` as the checkout's bin/wattlint.js runs it (dist/cli.js when built, else the tsc output): the
 * CLI the action, the snippets and the package under test run, so their results are compared with this one and
 * not with the in-process source (a stale dist/ would otherwise read as a difference).
 */
export function checkoutCli(args: readonly string[], cwd: string): Ran {
  return run(process.execPath, [join(ROOT, 'bin', 'wattlint.js'), ...args], { cwd });
}

/** The findings of `wattlint scan ARGS --format json` by the checkout's CLI. */
export function checkoutFindings(args: readonly string[], cwd: string): { rule: string; severity: string; file: string; line: number | null }[] {
  const r = checkoutCli(['scan', ...args, '--format', 'json', '--fail-on', 'never'], cwd);
  if (r.status !== 0) throw new Error(r.all);
  return (JSON.parse(r.stdout) as { findings: { rule: string; severity: string; file: string; line: number | null }[] }).findings;
}

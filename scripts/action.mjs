// The GitHub Action's scan step (action.yml runs it with its inputs as INPUT_* variables): runs `wattlint scan`
// for SARIF (uploaded by the next step for code scanning) and for the Markdown report (the job summary), prints
// the findings to the log as workflow annotations when SARIF is not uploaded, and sets the step's outputs
// (exit-code, findings, sarif-file). It exits 0 when the scan ran, whatever it found, so the upload still
// happens; action.yml's last step fails the job on exit code 1. A usage or internal error (exit 2) fails here.
//
// The CLI: this action's own checkout when it is built (a local `uses: ./` after `npm run build`), else
// `wattlint@VERSION` from the npm registry (VERSION: the `version` input, default this action's own version).
// Plain Node, no dependencies: the action's folder has no node_modules.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** GitHub's limit on one step's job summary. */
export const SUMMARY_LIMIT = 1024 * 1024;
const FAIL_ON = ['error', 'warning', 'info', 'never'];

class InputError extends Error {}

/** Splits a shell-style word list (quotes and backslashes as in a shell, nothing expanded) with xargs. */
export function splitWords(text) {
  if (!text.trim()) return [];
  const r = spawnSync('xargs', ['printf', '%s\\0'], { input: text, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new InputError(`cannot split "${text}" into words: ${(r.stderr || r.error?.message || '').trim()}`);
  return r.stdout.split('\0').slice(0, -1);
}

function bool(name, value, dflt) {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return dflt;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new InputError(`input ${name}: expected true or false, got "${value}"`);
}

export function readInputs(env) {
  const input = (name) => env[`INPUT_${name.toUpperCase().replace(/[- ]/g, '_')}`] ?? '';
  const failOn = input('fail-on').trim();
  if (failOn && !FAIL_ON.includes(failOn)) throw new InputError(`input fail-on: expected one of ${FAIL_ON.join(', ')}, got "${failOn}"`);
  const sarif = bool('sarif', input('sarif'), true);
  const paths = splitWords(input('paths'));
  return {
    paths: paths.length ? paths : ['.'],
    args: splitWords(input('args')),
    failOn,
    sarif,
    sarifFile: input('sarif-file').trim(),
    summary: bool('summary', input('summary'), true),
    annotations: bool('annotations', input('annotations'), !sarif),
    version: input('version').trim(),
  };
}

/** The command that runs the CLI: [executable, ...leading args]. */
export function resolveCli(actionPath, version, tmp) {
  const bin = join(actionPath, 'bin', 'wattlint.js');
  const built = existsSync(join(actionPath, 'dist', 'cli.js')) || existsSync(join(actionPath, 'out', 'src', 'cli', 'main.js'));
  if (!version && existsSync(bin) && built) return [process.execPath, bin];
  const own = JSON.parse(readFileSync(join(actionPath, 'package.json'), 'utf8')).version;
  const spec = `wattlint@${version || own}`;
  const prefix = join(tmp, 'wattlint-cli');
  mkdirSync(prefix, { recursive: true });
  console.log(`Installing ${spec} from the npm registry`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec], { stdio: 'inherit' });
  if (r.status !== 0) throw new InputError(`npm install ${spec} failed (exit ${r.status})`);
  return [process.execPath, join(prefix, 'node_modules', 'wattlint', 'bin', 'wattlint.js')];
}

/** Runs the CLI; resolves to its exit code, stdout and stderr. */
function runCli(cli, args, cwd) {
  return new Promise((done, fail) => {
    const child = spawn(cli[0], [...cli.slice(1), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 2, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** Cuts a Markdown report to GitHub's summary limit at a section or file boundary, saying so. */
export function fitSummary(md, limit = SUMMARY_LIMIT) {
  if (Buffer.byteLength(md) <= limit) return md;
  const note = '\n\n_The report is cut here to fit GitHub\'s 1 MiB job summary; run `wattlint scan --format markdown` for all of it._\n';
  let cut = Buffer.from(md).subarray(0, limit - Buffer.byteLength(note) - 16).toString('utf8');
  const boundary = Math.max(cut.lastIndexOf('\n## '), cut.lastIndexOf('\n### '));
  if (boundary > 0) cut = cut.slice(0, boundary);
  return cut.replace(/\uFFFD$/, '') + note;
}

/** A workflow command's data and property values, escaped as the runner reads them. */
const escData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::warning file=…,line=…::message` lines for the SARIF results (shown in the log and on the diff). */
export function annotations(sarif) {
  const run = sarif.runs?.[0];
  const command = { error: 'error', warning: 'warning', note: 'notice' };
  return (run?.results ?? []).map((r) => {
    const loc = r.locations?.[0]?.physicalLocation;
    const region = loc?.region ?? {};
    const props = [`file=${escProp(decodeURI(loc?.artifactLocation?.uri ?? ''))}`];
    if (region.startLine) props.push(`line=${region.startLine}`);
    if (region.startColumn) props.push(`col=${region.startColumn}`);
    if (region.endLine) props.push(`endLine=${region.endLine}`);
    if (region.endColumn && region.endLine === region.startLine) props.push(`endColumn=${region.endColumn}`);
    props.push(`title=${escProp(`Wattlint ${r.ruleId}`)}`);
    return `::${command[r.level] ?? 'warning'} ${props.join(',')}::${escData(r.message?.text ?? '')}`;
  });
}

export async function main(env = process.env) {
  const actionPath = env.GITHUB_ACTION_PATH || join(dirname(fileURLToPath(import.meta.url)), '..');
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const tmp = env.RUNNER_TEMP || tmpdir();
  const outputs = {};
  const setOutput = (name, value) => {
    outputs[name] = String(value);
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
  };
  let inputs;
  let cli;
  try {
    inputs = readInputs(env);
    cli = resolveCli(actionPath, inputs.version, tmp);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    console.log(`::error title=Wattlint::${escData(e.message)}`);
    setOutput('exit-code', 2);
    return 2;
  }
  const sarifFile = resolve(workspace, inputs.sarifFile || join(tmp, 'wattlint.sarif'));
  const failOn = inputs.failOn ? ['--fail-on', inputs.failOn] : [];
  // Ours come last so that a --format in `args` cannot change what this step writes.
  const scanArgs = ['scan', ...inputs.paths, ...inputs.args];
  const [sarifRun, mdRun] = await Promise.all([
    runCli(cli, [...scanArgs, ...failOn, '--format', 'sarif'], workspace),
    inputs.summary ? runCli(cli, [...scanArgs, '--fail-on', 'never', '--format', 'markdown'], workspace) : undefined,
  ]);
  // The CLI's notes (skipped files, a written baseline) and errors, once: both runs print the same.
  process.stderr.write(sarifRun.stderr);
  setOutput('exit-code', sarifRun.code);
  if (sarifRun.code !== 0 && sarifRun.code !== 1) {
    console.log(`::error title=Wattlint::wattlint scan exited ${sarifRun.code} (a usage, config or internal error; its message is above)`);
    return sarifRun.code;
  }
  mkdirSync(dirname(sarifFile), { recursive: true });
  writeFileSync(sarifFile, sarifRun.stdout);
  const sarif = JSON.parse(sarifRun.stdout);
  const results = sarif.runs?.[0]?.results ?? [];
  setOutput('findings', results.length);
  setOutput('sarif-file', isAbsolute(inputs.sarifFile) || !inputs.sarifFile ? sarifFile : inputs.sarifFile);
  if (inputs.annotations) for (const line of annotations(sarif)) console.log(line);
  if (mdRun && mdRun.code !== 0) console.log(`::warning title=Wattlint::no job summary: the Markdown report exited ${mdRun.code}: ${escData(mdRun.stderr.trim())}`);
  else if (mdRun && env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, fitSummary(mdRun.stdout));
  const counts = { error: 0, warning: 0, note: 0 };
  for (const r of results) counts[r.level] = (counts[r.level] ?? 0) + 1;
  console.log(
    `Wattlint: ${results.length} finding${results.length === 1 ? '' : 's'} (${counts.error} error, ${counts.warning} warning, ${counts.note} info)` +
      (sarifRun.code === 1 ? `, at or above fail-on ${inputs.failOn || '(from the config, else error)'}: the job fails after the upload` : ''),
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      console.log(`::error title=Wattlint::${escData(String(e?.stack ?? e))}`);
      process.exitCode = 2;
    },
  );
}

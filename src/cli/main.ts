// The `wattlint` command line: parses arguments (node:util parseArgs), loads the grammars, dispatches to
// scan / fix / rules, and turns every failure into exit code 2 with a message naming what was wrong.
// Exit codes (a contract): 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or internal error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { initCore } from '../node/grammar';
import { startServer } from '../server/server';
import { packageVersion } from './version';
import { runEstimate } from './estimate';
import { runFix } from './fix';
import { errorText } from '../core/analyze';
import { setBudgetClock } from '../core/budget';
import { CliError, printable, processIo, type CliIo } from './io';
import { parseRuleList } from './plan';
import { runRules } from './rules';
import { failOnLevels, formats, runScan, type FailOn, type Format } from './scan';

export { packageVersion };

export const HELP = `Usage: wattlint <command> [options]

Finds where ML training and inference configs and code waste energy and money, and says how much.

Commands:
  scan PATH...        Analyse files and folders and report findings.
    --format F          text (default), json, sarif, markdown or gitlab (Code Quality)
    --fail-on LEVEL     exit 1 on findings at or above error (default), warning, info; or never
    --config FILE       use this wattlint.toml / pyproject.toml instead of the nearest one
    --baseline FILE     hide the findings recorded in FILE (default: the config's \`baseline\`,
                        else wattlint-baseline.json in the project root when present)
    --write-baseline [FILE.json]
                        record the current findings as the baseline and exit 0
    --no-estimates      skip the energy estimates (faster)
    --rules a,b         run only these rules
    -j, --jobs N        worker threads: a number, or auto (default: from the CPUs and the
                        number of files; under 48 files, the main thread)
  fix PATH...         Apply safe fixes in place (loops until nothing changes); see docs/fixes.md.
    --unsafe            also apply fixes that need review
    --format F          text (default) or json (a report of applied, rejected and unwritten fixes)
    --rules a,b         fix only these rules
  rules [ID...]       List the rules, or print a rule's documentation.
    --format F          text (default) or json
  estimate [--json] --phase training|inference ...
                      The energy engine from the command line (\`wattlint estimate --help\`).
  server              The language server, on stdin/stdout (\`--stdio\` is accepted; \`--node-ipc\` too).
                      Editors start it; see docs/editors.md.

Options:
  -h, --help          show this help
  -v, --version       show the version

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or internal error.
Files: .gitignore is respected; node_modules, virtualenvs and files over the size limit are skipped (and said so).
`;

export const SERVER_HELP = `Usage: wattlint server [--stdio | --node-ipc | --socket=PORT]

The language server: editors start it and speak LSP to it on stdin/stdout (the default; --stdio is accepted).
It reports what \`wattlint scan\` reports for the open files, offers the fixes of \`wattlint fix\` as code actions,
and shows the estimates in hovers and CodeLens. Setup for Neovim, Helix, Zed and Emacs: docs/editors.md.
`;

/** `--write-baseline` takes an optional FILE, which parseArgs cannot express: take it out first. */
export function splitWriteBaseline(argv: readonly string[]): { argv: string[]; writeBaseline?: string | true } {
  const out: string[] = [];
  let writeBaseline: string | true | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--write-baseline=')) {
      writeBaseline = a.slice('--write-baseline='.length) || true;
    } else if (a === '--write-baseline') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-') && next.toLowerCase().endsWith('.json')) {
        writeBaseline = next;
        i++;
      } else writeBaseline = true;
    } else out.push(a);
  }
  return { argv: out, writeBaseline };
}

const scanOptions = {
  format: { type: 'string', short: 'f' },
  'fail-on': { type: 'string' },
  config: { type: 'string', short: 'c' },
  baseline: { type: 'string' },
  'no-estimates': { type: 'boolean' },
  rules: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** `--jobs N`: a positive integer, or `auto` (also `0`, as in pylint). */
export function parseJobs(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto' || value === '0') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new CliError(`--jobs: expected a positive whole number or auto, got "${value}"`);
  return n;
}

const fixOptions = {
  unsafe: { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  rules: { type: 'string' },
  'fail-on': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const rulesOptions = {
  format: { type: 'string', short: 'f' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message.split('\n')[0]}\nRun \`wattlint --help\` for usage.`);
  }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${flag}: expected one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  switch (command) {
    case 'scan': {
      const split = splitWriteBaseline(rest);
      const { values, positionals } = parse(split.argv, scanOptions);
      if (values.help) return io.out(HELP), 0;
      const format = oneOf('--format', values.format, formats) ?? 'text';
      const failOn = oneOf<FailOn>('--fail-on', values['fail-on'], failOnLevels);
      const rules = parseRuleList(values.rules);
      const jobs = parseJobs(values.jobs);
      // The grammars are loaded where files are analysed: here for one job, else in each worker.
      return await runScan(
        io,
        {
          paths: positionals,
          format: format as Format,
          failOn,
          config: values.config,
          baseline: values.baseline,
          writeBaseline: split.writeBaseline,
          estimates: !values['no-estimates'],
          rules,
          jobs,
        },
        packageVersion(),
      );
    }
    case 'fix': {
      const { values, positionals } = parse(rest, fixOptions);
      if (values.help) return io.out(HELP), 0;
      const failOn = oneOf<FailOn>('--fail-on', values['fail-on'], failOnLevels);
      const format = oneOf('--format', values.format, ['text', 'json'] as const) ?? 'text';
      const rules = parseRuleList(values.rules);
      await initCore();
      return runFix(io, { paths: positionals, unsafe: !!values.unsafe, config: values.config, rules, failOn, format });
    }
    case 'rules': {
      const { values, positionals } = parse(rest, rulesOptions);
      if (values.help) return io.out(HELP), 0;
      const format = oneOf('--format', values.format, ['text', 'json', 'markdown'] as const) ?? 'text';
      return runRules(io, positionals, format);
    }
    case 'server': {
      if (rest.includes('--help') || rest.includes('-h')) return io.out(SERVER_HELP), 0;
      // The server owns stdin/stdout from here; it ends the process when the client says exit.
      await startServer().closed;
      return 0;
    }
    case 'estimate': {
      const r = runEstimate(rest);
      if (r.stdout) io.out(r.stdout);
      if (r.stderr) io.err(r.stderr);
      return r.exitCode;
    }
    default:
      throw new CliError(`unknown command "${command}"; expected scan, fix, rules, estimate or server. Run \`wattlint --help\` for usage.`);
  }
}

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  // the per-file analysis budget counts this process's CPU time, not the wall clock of a busy machine
  setBudgetClock(() => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }, { lazy: true });
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof CliError) io.err(printable(`wattlint: ${e.message}\n`));
    else io.err(printable(`wattlint: internal error: ${errorText(e)}${process.env.WATTLINT_DEBUG ? `\n${(e as Error).stack ?? ''}` : ''}\n`));
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

// The fix round trip (issue 9) in `npm test`, on a fixed subset of ../shared/corpus: whole repositories, chosen
// for the kinds of fixes they get (Python, notebooks, YAML and JSON configs, shell launch lines; safe and unsafe).
// test/roundtrip.ts says what is checked; `npm run roundtrip` runs the whole corpus (figures in docs/fixes.md).
// Skipped, saying so, without the corpus.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { corpusPresent, cpythonCompile, outsideEdits, roundTrip, type RoundTripFigures } from '../roundtrip';

/** The subset: whole repositories (references and imports resolve as in a real run), sorted. */
export const SUBSET = ['artidoro+qlora', 'huggingface+open-r1', 'karpathy+minGPT', 'meta-llama+llama-cookbook', 'tatsu-lab+stanford_alpaca'];

const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

describe('fix round trip: the checks themselves catch what they are for', () => {
  it('a change outside the edits is caught, in a plain file and in a notebook', () => {
    const edit = { file: 'a.py', span: { start: 4, end: 5 }, newText: '2' };
    assert.equal(outsideEdits('a.py', 'x = 1\ny = 1\n', 'x = 2\ny = 1\n', [edit]), undefined);
    assert.match(outsideEdits('a.py', 'x = 1\ny = 1\n', 'x = 2\ny = 1 \n', [edit]) ?? '', /differs/);
    const nb = (src: string, out: string) => JSON.stringify({ cells: [{ cell_type: 'code', source: [src], outputs: [out] }] }, null, 1);
    const cellEdit = { file: 'n.ipynb', cell: 0, span: { start: 4, end: 5 }, newText: '2' };
    assert.equal(outsideEdits('n.ipynb', nb('x = 1\n', 'o'), nb('x = 2\n', 'o'), [cellEdit]), undefined);
    assert.match(outsideEdits('n.ipynb', nb('x = 1\n', 'o'), nb('x = 2\n', 'p'), [cellEdit]) ?? '', /after the last edited cell changed/);
  });

  it("CPython's own compile() rejects what tree-sitter lets through (when python3 is here)", function () {
    const v = cpythonCompile(['x = 1\n', 'x = 1\n    y = 2\n', 'f(a=1, 2)\n']);
    if (v === null) {
      console.log('    (python3 not found: the round trip uses check/syntax.ts alone)');
      this.skip();
    }
    assert.equal(v![0], undefined);
    assert.match(v![1] ?? '', /IndentationError/);
    assert.match(v![2] ?? '', /SyntaxError/);
  });
});

describe('fix round trip over a fixed subset of ../shared/corpus (fix --unsafe, in memory and on a copy)', function () {
  let fig: RoundTripFigures;
  const of = (kind: string) => fig.problems.filter((p) => p.kind === kind).map((p) => `${p.file}: ${p.detail}`);
  before(function () {
    if (!corpusPresent()) {
      console.log('    (skipped: ../shared/corpus is absent; set WATTLINT_CORPUS to run the fix round trip)');
      this.skip();
    }
    this.timeout(900_000);
    fig = roundTrip(SUBSET, { cliPath: CLI });
    console.log(`    ${fig.files} files, ${fig.edited} edited, ${fig.fixes} fixes (${fig.safe} safe, ${fig.unsafe} unsafe), ${fig.rejected} rejected, ${fig.cpythonChecked} checked by CPython, ${fig.written} written by the CLI`);
  });

  it('the subset exercises fixes of several kinds', () => {
    assert.ok(fig.fixes > 0 && fig.edited > 0, 'no fix applied: the round trip would prove nothing');
    assert.ok(Object.keys(fig.byRule).length >= 2, JSON.stringify(fig.byRule));
  });

  it('every edited file still parses by a checker as strict as its language (CPython for Python)', () => {
    assert.deepEqual(of('breakage'), []);
  });

  it('a second fix changes nothing, and every file reached its fixed point', () => {
    assert.deepEqual(of('non-idempotent'), []);
    assert.deepEqual(of('unconverged'), []);
  });

  it('each fix removed its finding and added none (follow-up advice of another rule is listed)', () => {
    assert.deepEqual(of('not-removed'), []);
    assert.deepEqual(of('added'), []);
    for (const f of of('follow-up')) console.log(`    follow-up: ${f.slice(0, 160)}`);
  });

  it('bytes outside the edits are identical, in memory and as the CLI writes them', () => {
    assert.deepEqual(of('outside-edits'), []);
    assert.deepEqual(of('written-bytes'), []);
  });
});

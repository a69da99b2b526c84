// The JS/TS parser: extensions, JSX, comments, positioned parse errors, and suppression comments in TS.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { parseDocument } from '../../src/core/parse';
import { jsxFor } from '../../src/core/parse/jsts';

describe('JS/TS parser', () => {
  it('parses every JS/TS extension, with JSX where the extension allows it', () => {
    for (const ext of ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx']) {
      const r = parseDocument(`a.${ext}`, 'const x = 1; // one\n');
      assert.ok(r.ok, ext);
      assert.equal(r.ok && r.doc.lang, 'jsts');
    }
    assert.ok(parseDocument('c.tsx', 'export const C = () => <div className="a">{1}</div>;\n').ok);
    assert.ok(parseDocument('c.jsx', 'export const C = () => <div/>;\n').ok);
    // `<T>x` is a type assertion in .ts (no JSX there)
    assert.ok(parseDocument('a.ts', 'const y = <number>(1 as unknown);\n').ok);
    assert.equal(jsxFor('a.mts'), false);
    assert.equal(jsxFor('a.cjs'), true);
  });

  it('collects comments with their markers and spans', () => {
    const text = 'const a = 1; // first\n/* second */ const b = 2;\n';
    const r = parseDocument('a.ts', text);
    assert.ok(r.ok);
    assert.deepEqual(r.doc.comments.map((c) => c.text), ['// first', '/* second */']);
    assert.equal(text.slice(r.doc.comments[1].span.start, r.doc.comments[1].span.end), '/* second */');
  });

  it('reports a syntax error with a 1-based line and column', () => {
    const r = parseDocument('bad.ts', 'const ok = 1;\nconst a = ;\n');
    assert.ok(!r.ok);
    assert.equal(r.error.file, 'bad.ts');
    assert.equal(r.error.line, 2);
    assert.equal(r.error.column, 11);
    assert.match(r.error.message, /Expression expected/);
  });

  it('honours `// wattlint: ignore[...]` in TypeScript', () => {
    const code = (suffix: string) =>
      `import OpenAI from "openai";\nconst c = new OpenAI();\nexport const f = (t: string) => c.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: t }] });${suffix}\n`;
    const opts = { settings: resolveSettings(), onlyRules: ['api/unbounded-output'], estimates: false };
    assert.equal(analyzeText('a.ts', code(''), opts).findings.length, 1);
    const r = analyzeText('a.ts', code(' // wattlint: ignore[api/unbounded-output] -- streamed and cut by the UI'), opts);
    assert.equal(r.findings.length, 0);
    assert.equal(r.suppressed, 1);
  });
});

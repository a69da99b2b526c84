// JS/TS figures for `npm run bench` (owned by the model-API work): µs per line to parse a generated TypeScript
// service with the parser we use (typescript-estree, no scope analysis), the same with @typescript-eslint/parser's
// parseForESLint (which adds scope analysis; measured to justify the choice), and the full analysis of the same
// text (parse + model-API extraction + every rule), and how fast TypeScript with no model-API content is skipped.
// Best of several runs; figures, not assertions.
import { parseForESLint } from '@typescript-eslint/parser';
import { parse } from '@typescript-eslint/typescript-estree';
import { analyzeText } from '../src/core/analyze';
import { resolveSettings } from '../src/core/config/load';
import { allRules } from '../src/core/rules';
import { best } from './timing';

/** A realistic TypeScript service: SDK imports, a class with typed clients, handlers, loops over data. */
export function apiTypeScript(targetLines: number): string {
  const head = [
    'import express from "express";',
    'import OpenAI from "openai";',
    'import Anthropic from "@anthropic-ai/sdk";',
    'import { pipeline } from "@huggingface/transformers";',
    '',
    'const openai = new OpenAI();',
    'const anthropic = new Anthropic();',
    'const app = express();',
    '',
  ];
  const block = (i: number) => [
    `interface Row${i} { id: string; text: string; tags?: string[] }`,
    '',
    `export class Service${i} {`,
    '  constructor(private readonly client: OpenAI, private readonly limit = 200) {}',
    '',
    `  async summarise(rows: Row${i}[]): Promise<Record<string, string>> {`,
    '    const out: Record<string, string> = {};',
    '    for (const row of rows) {',
    '      const r = await this.client.chat.completions.create({',
    '        model: "gpt-4o-mini",',
    '        max_completion_tokens: this.limit,',
    '        messages: [{ role: "user", content: `Summarise: ${row.text}` }],',
    '      });',
    '      out[row.id] = r.choices[0].message.content ?? "";',
    '    }',
    '    return out;',
    '  }',
    '',
    `  async embed(texts: string[]) {`,
    '    const res = await this.client.embeddings.create({ model: "text-embedding-3-small", input: texts });',
    '    return res.data.map((d) => d.embedding);',
    '  }',
    '}',
    '',
    `app.post("/route${i}", async (req, res) => {`,
    '  const msg = await anthropic.messages.create({',
    '    model: "claude-3-5-haiku-latest",',
    '    max_tokens: 300,',
    '    messages: [{ role: "user", content: String(req.body.q) }],',
    '  });',
    '  res.json(msg.content);',
    '});',
    '',
    `export const helper${i} = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);`,
    '',
  ];
  const lines = [...head];
  for (let i = 0; lines.length < targetLines; i++) lines.push(...block(i));
  return lines.join('\n');
}

export function benchJsts(): { name: string; value: number; unit: string }[] {
  const text = apiTypeScript(10_000);
  const lines = text.split('\n').length;
  const opts = { range: true, loc: true, comment: true, jsx: false } as const;
  // warm up the TypeScript compiler's lazily-initialised parts
  parse(text, opts);
  const settings = resolveSettings();
  const ids = allRules.map((r) => r.meta.id);
  // Interleaved, best of each: on a shared machine the load changes between runs, so compare runs taken together.
  let parseMs = Infinity;
  let fullMs = Infinity;
  for (let i = 0; i < 5; i++) {
    parseMs = Math.min(parseMs, best(1, () => void parse(text, opts)));
    fullMs = Math.min(fullMs, best(1, () => void analyzeText('service.ts', text, { settings, onlyRules: ids, estimates: false })));
  }
  const eslintMs = best(3, () => void parseForESLint(text, { ...opts, sourceType: 'module' }));
  // TypeScript with no model-API words: the pre-filter skips it before parsing
  const plain = text.split('\n').filter((l) => !/openai|anthropic|huggingface|pipeline|transformers/i.test(l)).join('\n');
  const plainMs = best(5, () => void analyzeText('plain.ts', plain, { settings, estimates: false }));
  const us = (ms: number) => (ms * 1000) / lines;
  return [
    { name: 'JS/TS parse only (typescript-estree), µs/line', value: us(parseMs), unit: 'µs/line' },
    { name: 'JS/TS parseForESLint (with scope analysis), µs/line', value: us(eslintMs), unit: 'µs/line' },
    { name: 'JS/TS full analysis (model-API service), µs/line', value: us(fullMs), unit: 'µs/line' },
    { name: 'JS/TS full analysis / parse only', value: fullMs / parseMs, unit: '×' },
    { name: 'JS/TS without model-API content, skipped', value: plain.length / 1e6 / (plainMs / 1000), unit: 'MB/s' },
  ];
}

if (require.main === module) {
  for (const f of benchJsts()) console.log(`${f.name.padEnd(58)} ${f.value.toFixed(2).padStart(10)} ${f.unit}`);
}

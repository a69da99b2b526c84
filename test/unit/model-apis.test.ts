// The hosted-model-API table: it validates, it is dated and sourced, ids resolve as code writes them, and every
// suggested smaller model exists in the table, from the same provider, at a lower tier and price.
import { strict as assert } from 'node:assert';
import { apiModelParams, lookupApiModel, modelApis, modelApisSchema } from '../../src/core/data/model-apis';
import raw from '../../src/core/data/model-apis.json';

const tierRank = { nano: 0, embedding: 0, small: 1, large: 2, frontier: 3 } as const;

describe('model-API table', () => {
  it('validates against its schema and names its date and sources', () => {
    assert.ok(modelApisSchema.safeParse(raw).success);
    assert.match(modelApis.recorded, /^\d{4}-\d{2}-\d{2}$/);
    for (const p of ['openai', 'anthropic', 'google']) assert.ok(modelApis.sources[p]?.startsWith('https://'), p);
  });

  it('rejects a row without a tier', () => {
    const bad = { ...raw, models: [{ id: 'x', provider: 'openai', kind: 'chat' }] };
    assert.equal(modelApisSchema.safeParse(bad).success, false);
  });

  it('has unique ids, and smaller models that exist, match the provider and are cheaper', () => {
    const ids = modelApis.models.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const m of modelApis.models) {
      if (!m.smaller) continue;
      const s = lookupApiModel(m.smaller);
      assert.ok(s, `${m.id} → ${m.smaller} is in the table`);
      assert.equal(s.provider, m.provider, m.id);
      assert.ok(tierRank[s.tier] < tierRank[m.tier], `${m.smaller} is a lower tier than ${m.id}`);
      if (s.inputPerMTok !== undefined && m.inputPerMTok !== undefined) assert.ok(s.inputPerMTok < m.inputPerMTok, `${m.smaller} is cheaper than ${m.id}`);
    }
  });

  it('resolves dated snapshots, aliases and router prefixes, and nothing else', () => {
    assert.equal(lookupApiModel('gpt-4o-2024-08-06')?.id, 'gpt-4o');
    assert.equal(lookupApiModel('gpt-4o-mini-2024-07-18')?.id, 'gpt-4o-mini');
    assert.equal(lookupApiModel('gpt-4.1')?.id, 'gpt-4.1');
    assert.equal(lookupApiModel('claude-3-5-haiku-latest')?.id, 'claude-3-5-haiku');
    assert.equal(lookupApiModel('claude-sonnet-4-20250514')?.id, 'claude-sonnet-4');
    assert.equal(lookupApiModel('claude-opus-4-1-20250805')?.id, 'claude-opus-4-1');
    assert.equal(lookupApiModel('anthropic/claude-3-opus-20240229')?.id, 'claude-3-opus');
    assert.equal(lookupApiModel('models/gemini-1.5-pro')?.id, 'gemini-1.5-pro');
    assert.equal(lookupApiModel('meta-llama/Llama-3.1-70B-Instruct')?.tier, 'large');
    assert.equal(lookupApiModel('gemini-1.5-pro-002')?.id, 'gemini-1.5-pro');
    assert.equal(lookupApiModel('claude-3-5-sonnet@20240620')?.id, 'claude-3-5-sonnet');
    // another model that shares a prefix is not a snapshot of it
    assert.equal(lookupApiModel('deepseek-ai/DeepSeek-R1-Distill-Llama-70B'), undefined);
    assert.equal(lookupApiModel('gpt-4o-audio-preview')?.id, undefined);
    assert.equal(lookupApiModel('my-finetune'), undefined);
    assert.equal(lookupApiModel(''), undefined);
  });

  it('gives closed models a range from their tier and open models their published size', () => {
    const closed = apiModelParams(lookupApiModel('gpt-4o')!);
    assert.equal(closed.published, false);
    assert.ok(closed.high / closed.low >= 5, 'closed-model ranges are wide');
    const open = apiModelParams(lookupApiModel('deepseek-ai/DeepSeek-V3')!);
    assert.deepEqual(open, { low: 3.7e10, high: 3.7e10, published: true });
  });
});

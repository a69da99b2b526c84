// The materiality floor of precision/fp32-inference (`small-model-params`): which model ids have a known size
// below 300M, and that a size word counts only for the encoder / vision families whose size names are fixed.
import { strict as assert } from 'node:assert';
import { knownParams, smallModel } from '../../src/core/extract/python/rulekit';
import { parseConfigText, resolveSettings } from '../../src/core/config/load';
import { defaultSettings } from '../../src/core/settings';

describe('small-model materiality floor', () => {
  it('reads sizes from the table, from the name, and from encoder size words only', () => {
    for (const id of ['bert-base-uncased', 'acme/guard-86M', 'acme/clip-vit-base-patch32-ft', 'acme/deberta-v3-small-x', 'acme/whisper-tiny-ft', 'acme/bge-small-en']) {
      assert.ok(smallModel(id, defaultSettings), id);
    }
    for (const id of ['acme/Phi-3-mini-4k-instruct', 'acme/DeepSeek-V3-Base', 'acme/roberta-large-x', 'acme/bart-large-cnn-ft', 'acme/assistant-7B', 'acme/mt5-base', 'acme/unknown-model', 'acme/starcoderbase']) {
      assert.equal(smallModel(id, defaultSettings), undefined, id);
    }
    assert.equal(knownParams('acme/guard-86M')?.params, 86e6);
    assert.equal(knownParams(undefined), undefined);
  });

  it('`small-model-params` moves the floor; 0 flags every size; a negative value is refused', () => {
    const r = parseConfigText('wattlint.toml', 'small-model-params = 0\n');
    assert.ok(r.ok);
    assert.equal(smallModel('bert-base-uncased', resolveSettings(r.config)), undefined);
    const hi = parseConfigText('wattlint.toml', 'small-model-params = 1000000000\n');
    assert.ok(hi.ok);
    assert.ok(smallModel('acme/bart-large-cnn-ft', resolveSettings(hi.config)) === undefined, 'unknown size stays unknown');
    assert.ok(smallModel('gpt2-medium', resolveSettings(hi.config)), 'a 355M table entry is below a 1B floor');
    const bad = parseConfigText('wattlint.toml', 'small-model-params = -1\n');
    assert.ok(!bad.ok);
  });
});

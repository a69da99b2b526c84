// The bundled data: every table passes its zod schema, every row has a source, and the lookups resolve the names
// the reference tables and users write (hardware, regions, models, config.json).
import { strict as assert } from 'node:assert';
import { closestHardwareNames, lookupHardware, lookupModel, lookupPrice, lookupPue, lookupRegion, matchHardware, modelFromConfigJson, regionHistory } from '../../src/core/data/lookup';
import { AcceleratorTableSchema, ModelTableSchema, PriceTableSchema, PueTableSchema, RegionTableSchema } from '../../src/core/data/schema';
import { acceleratorTable, modelTable, priceTable, pueTable, regionTable } from '../../src/core/data/tables';
import acceleratorsJson from '../../src/core/data/accelerators.json';
import regionsJson from '../../src/core/data/regions.json';
import { parseCsv, readDataFile } from '../../bench/accuracy/csv';

describe('bundled data', () => {
  it('every table validates and every row carries a source', () => {
    for (const a of acceleratorTable().accelerators) assert.ok(a.source.length > 8 && a.idleSource.length > 8, a.name);
    for (const r of regionTable().regions) assert.ok(regionTable().sources[r.source], r.key);
    for (const m of modelTable().models) assert.ok(m.source.length > 8, m.id);
    for (const p of priceTable().prices) assert.ok(p.source && p.basis, p.accelerator);
    for (const p of pueTable().providers) assert.ok(p.source, p.provider);
    assert.ok(pueTable().providers.some((p) => p.provider === 'unknown'));
  });

  it('the schemas reject a broken row', () => {
    const bad = structuredClone(acceleratorsJson) as { accelerators: { idleW: number; tdpW: number }[] };
    bad.accelerators[0].idleW = bad.accelerators[0].tdpW + 1;
    assert.equal(AcceleratorTableSchema.safeParse(bad).success, false);
    const noSource = structuredClone(regionsJson) as { regions: { gCO2PerKWh: number }[] };
    noSource.regions[0].gCO2PerKWh = -5;
    assert.equal(RegionTableSchema.safeParse(noSource).success, false);
    assert.equal(ModelTableSchema.safeParse({ version: 1, description: '', models: [] }).success, false);
    assert.equal(PriceTableSchema.safeParse({ version: 1, description: '', dateRead: 'soon', verification: '', prices: [] }).success, false);
    assert.equal(PueTableSchema.safeParse({ version: 1, description: '', providers: [{ provider: 'x', pue: 0.9, low: 0.9, high: 1, year: 2020, source: 'nowhere at all' }] }).success, false);
  });

  it('peaks are dense: H100 SXM bf16 is 989 TFLOP/s, not the 1979 sparse headline', () => {
    assert.equal(matchHardware('H100 SXM')!.spec.peakTFLOPs.bf16, 989.4);
    assert.equal(matchHardware('L4')!.spec.peakTFLOPs.bf16, 121);
    assert.equal(matchHardware('A100 80GB')!.spec.peakTFLOPs.tf32, 156);
  });

  it('every hardware name in the reference tables resolves', () => {
    const names = new Set<string>();
    for (const r of parseCsv(readDataFile('published_footprints.csv'))) if (r.hardware) names.add(r.hardware);
    for (const r of parseCsv(readDataFile('mlenergy_llm_inference.csv'))) names.add(r.gpu_model);
    for (const n of names) assert.ok(lookupHardware(n), `unresolved hardware "${n}"`);
  });

  it('matches names case- and punctuation-insensitively', () => {
    for (const n of ['a100-80gb', 'A100 80GB SXM', 'nvidia a100 80gb', 'NVIDIA A100-SXM4-80GB']) assert.equal(lookupHardware(n)!.name, 'A100 80GB SXM', n);
    assert.equal(lookupHardware('Tesla V100')!.generation, 'Volta');
    assert.equal(lookupHardware('TPU v3')!.name, 'TPU v3');
    assert.equal(lookupHardware('tpu-v4')!.name, 'TPU v4');
    assert.equal(lookupHardware('A10')!.name, 'A10');
    assert.equal(lookupHardware('A10G')!.name, 'A10G');
    assert.equal(lookupHardware('H100 PCIe')!.name, 'H100 PCIe 80GB');
    assert.equal(lookupHardware('16x A100-40GB (GCP) per paper')!.count, 16);
  });

  it('resolves cloud instance names to accelerator and count', () => {
    const p4d = lookupHardware('p4d.24xlarge')!;
    assert.equal(p4d.name, 'A100 40GB SXM');
    assert.equal(p4d.count, 8);
    assert.equal(lookupHardware('g5.2xlarge')!.name, 'A10G');
    assert.equal(lookupHardware('a2-highgpu-4g')!.count, 4);
  });

  it('an unknown name is undefined, with close suggestions', () => {
    assert.equal(lookupHardware('H900'), undefined);
    assert.ok(closestHardwareNames('H900').some((n) => n.startsWith('H100')));
  });

  it('carries generation, year and precision support for the legacy and quantization rules', () => {
    const v100 = lookupHardware('V100')!;
    assert.equal(v100.year, 2017);
    assert.equal(v100.bf16, false);
    assert.equal(lookupHardware('H100')!.fp8, true);
    assert.equal(lookupHardware('A100')!.fp8, false);
  });

  it('looks up regions by cloud id, zone, country code and name, newest year first', () => {
    assert.equal(lookupRegion('us-central1')!.key, 'gcp:us-central1');
    assert.equal(lookupRegion('us-central1')!.year, 2024);
    assert.equal(lookupRegion('europe-west1-b')!.key, 'gcp:europe-west1');
    assert.equal(lookupRegion('us-east-1a')!.key, 'aws:us-east-1');
    assert.equal(lookupRegion('eastus')!.key, 'azure:eastus');
    assert.equal(lookupRegion('FR')!.key, 'country:FRA');
    assert.equal(lookupRegion('France')!.key, 'country:FRA');
    assert.ok(lookupRegion('FR')!.gCO2PerKWh < 100);
    assert.equal(lookupRegion('world')!.gCO2PerKWh, 475);
    assert.equal(lookupRegion('atlantis'), undefined);
    assert.ok(regionHistory('us-central1').length >= 2);
  });

  it('PUE falls back to the unknown-provider default; prices carry their date', () => {
    assert.equal(lookupPue('gcp').pue, 1.1);
    assert.equal(lookupPue(undefined).pue, 1.58);
    const price = lookupPrice('H100 SXM5 80GB', 'aws')!;
    assert.equal(price.usdPerHour, 12.29);
    assert.match(price.source, /read 2024-06/);
  });

  it('resolves Hugging Face ids, MoE active parameters, and sizes from names', () => {
    assert.equal(lookupModel('meta-llama/Llama-3.1-8B-Instruct')!.params, 8e9);
    const moe = lookupModel('Qwen/Qwen3-30B-A3B')!;
    assert.equal(moe.activeParams, 3e9);
    assert.equal(moe.experts, 128);
    assert.equal(lookupModel('Llama-2-7b-hf')!.layers, 32);
    assert.equal(lookupModel('someorg/custom-13b')!.params, 13e9);
    assert.equal(lookupModel('someorg/thing'), undefined);
  });

  it('computes parameters from a config.json', () => {
    const llama3_8b = JSON.stringify({
      model_type: 'llama', vocab_size: 128256, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32,
      num_attention_heads: 32, num_key_value_heads: 8, max_position_embeddings: 131072, tie_word_embeddings: false,
    });
    const m = modelFromConfigJson(llama3_8b)!;
    assert.ok(Math.abs(m.params / 8.03e9 - 1) < 0.01, `Llama-3-8B: ${m.params}`);
    assert.equal(m.kvHeads, 8);
    const gpt2 = modelFromConfigJson(JSON.stringify({ model_type: 'gpt2', vocab_size: 50257, n_embd: 768, n_layer: 12, n_head: 12, n_positions: 1024 }))!;
    assert.ok(Math.abs(gpt2.params / 124e6 - 1) < 0.02, `gpt2: ${gpt2.params}`);
    const mixtral = modelFromConfigJson(JSON.stringify({
      model_type: 'mixtral', vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32,
      num_attention_heads: 32, num_key_value_heads: 8, num_local_experts: 8, num_experts_per_tok: 2,
    }))!;
    assert.ok(Math.abs(mixtral.params / 46.7e9 - 1) < 0.01, `Mixtral: ${mixtral.params}`);
    assert.ok(Math.abs(mixtral.activeParams / 12.9e9 - 1) < 0.02, `Mixtral active: ${mixtral.activeParams}`);
    assert.equal(lookupModel(llama3_8b)!.params, m.params);
    assert.equal(modelFromConfigJson('not json'), undefined);
    assert.equal(modelFromConfigJson('{"model_type": "llama"}'), undefined);
  });
  it('reads memory sizes as users write them, and refuses a size no such device has', () => {
    assert.equal(lookupHardware('A10G 24GB')?.name, 'A10G'); // the G of A10G is not "gigabytes"
    assert.equal(lookupHardware('T4 16GB')?.name, 'T4');
    assert.equal(lookupHardware('A100-80G')?.name, 'A100 80GB SXM');
    assert.equal(lookupHardware('A100 40GB')?.name, 'A100 40GB SXM');
    assert.equal(lookupHardware('A100 90GB'), undefined);
  });
});

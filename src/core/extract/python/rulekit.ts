// Small shared pieces of the Python rule checks: the half-precision dtype to suggest, and whether a document is
// Python at all.
import { lookupHardware, lookupModel } from '../../data/lookup';
import type { NotebookDoc, ParsedDocument, PythonDoc } from '../../parse/document';
import { DEFAULT_TEST_FILES, type AnalysisSettings } from '../../settings';
import { globMatch } from '../../glob';

export function isPython(doc: ParsedDocument): doc is PythonDoc | NotebookDoc {
  return doc.lang === 'python' || doc.lang === 'notebook';
}

/** bf16 unless the configured default hardware is known to lack it (V100, T4: fp16). */
export function halfDtype(settings: AnalysisSettings): { name: 'bfloat16' | 'float16'; precision: 'bf16' | 'fp16'; why: string } {
  let hw;
  try {
    hw = settings.hardware ? lookupHardware(settings.hardware) : undefined;
  } catch {
    hw = undefined;
  }
  if (hw && !hw.bf16) return { name: 'float16', precision: 'fp16', why: `${hw.name} has no bf16` };
  if (hw) return { name: 'bfloat16', precision: 'bf16', why: `${hw.name} supports bf16` };
  return { name: 'bfloat16', precision: 'bf16', why: 'Ampere or newer GPUs support bf16; use float16 on V100/T4' };
}

/**
 * A unit-test file by the default `test-files` globs (settings.ts): forward passes there check shapes, not serve
 * traffic. The rules themselves stay silent in test files through the analyzer's policy (configurable); this is for
 * the fix-safety gate, which holds whatever the settings say.
 */
export function isTestFile(path: string): boolean {
  return DEFAULT_TEST_FILES.some((g) => globMatch(path, g) || globMatch(path, `**/${g}`));
}

// Families whose size names map to fixed parameter counts on the Hugging Face Hub, all below 300M for
// tiny/mini/small/base and above it for large (bert-base 110M / bert-large 340M, roberta-base 125M / large 355M,
// deberta-v3-base 184M, t5-base 220M / t5-large 770M, bart-base 140M / bart-large 406M, clip-vit-base-patch32 151M /
// clip-vit-large 428M, vit-base 86M, whisper-small 244M / medium 769M, xlm-roberta-base 278M, siglip-base 203M). A
// size word alone says nothing for LLM families (Phi-3-mini is 3.8B, DeepSeek-V3-Base 671B), so it counts only
// with one of these family names. mT5 / byT5 (580M at "base", a large vocabulary) are not in the list.
const SIZED_FAMILIES = /(bert|^roberta$|^xlm$|^electra$|^t5$|^bart$|^clip$|^vit$|^siglip$|^dinov2$|^deit$|^beit$|^swin$|^whisper$|^wav2vec2$|^hubert$|^e5$|^bge$|^gte$|^mpnet$|^minilm$|^dpr$|^jina$|^layoutlm(v[23])?$|^blip$|^owlvit$)/;
const SMALL_WORDS = new Set(['tiny', 'mini', 'small', 'base']);

/**
 * The model's parameter count as far as the id tells it: the bundled models table, a size in the name
 * (`-86M`, `-1.3b`), or, for the encoder and vision families above, a size word (`-base`, `-small`) read as
 * "below 300M" (returned as that bound). Undefined when the id says nothing.
 */
export function knownParams(id: string | undefined): { params: number; why: string } | undefined {
  if (!id) return undefined;
  const info = lookupModel(id);
  if (info) return { params: info.params, why: `${Math.round(info.params / 1e6)}M parameters` };
  const tokens = id.slice(id.lastIndexOf('/') + 1).toLowerCase().split(/[-_.]/);
  if (tokens.some((t) => SIZED_FAMILIES.test(t)) && tokens.some((t) => SMALL_WORDS.has(t))) {
    return { params: SMALL_MODEL_BOUND, why: `a ${tokens.find((t) => SMALL_WORDS.has(t))}-size ${tokens.find((t) => SIZED_FAMILIES.test(t))} model, under 300M parameters` };
  }
  return undefined;
}

/** The bound a size word stands for (the family sizes above: every tiny/mini/small/base checkpoint is below it). */
const SMALL_MODEL_BOUND = 299_000_000;

/**
 * A model too small for half precision to matter (`small-model-params`, default 300M): a known parameter count below
 * the floor. Below ~300M parameters a forward pass at interactive batch sizes is bound by kernel launches, not by
 * weight reads (300M fp32 weights are 1.2 GB, about 0.6 ms at 2 TB/s, against a few hundred kernels of 5–10 µs each),
 * so halving the bytes saves little; and such models (encoders, classifiers, CLIP) often feed thresholds calibrated
 * in fp32. An unknown size is never small.
 */
export function smallModel(id: string | undefined, settings: Pick<AnalysisSettings, 'smallModelParams'>): { params: number; why: string } | undefined {
  const floor = settings.smallModelParams ?? 0;
  const k = knownParams(id);
  return k && k.params < floor ? k : undefined;
}

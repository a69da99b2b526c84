// Small shared pieces of the Python rule checks: the half-precision dtype to suggest, and whether a document is
// Python at all.
import { lookupHardware, lookupModel, sizeWordBound } from '../../data/lookup';
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

/**
 * The model's parameter count as far as the id tells it: the bundled models table, a size in the name
 * (`-86M`, `-1.3b`), or, for the encoder and vision families of `sizeWordBound`, a size word (`-base`, `-small`) read
 * as "below 300M" (returned as that bound). Undefined when the id says nothing.
 */
export function knownParams(id: string | undefined): { params: number; why: string } | undefined {
  if (!id) return undefined;
  const info = lookupModel(id);
  if (info) return { params: info.params, why: `${Math.round(info.params / 1e6)}M parameters` };
  return sizeWordBound(id);
}

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

/**
 * Loader classes whose every checkpoint is small: diffusers' `AutoencoderKL` is the kl-f8 image autoencoder of
 * Stable Diffusion 1.x / 2.x / SDXL (and its fine-tunes, `sd-vae-ft-ema` / `-mse`, which retrain only the decoder on
 * the same architecture): a 49.5M-parameter decoder (49,490,199 counted in the SD 1.5 `vae/` weights,
 * huggingface.co/ferrotorch/sd-v1-5-vae-decoder README) and a smaller encoder, under 100M in all — and it decodes once
 * per image after the denoiser's dozens of steps. Video autoencoders are other classes.
 */
const SMALL_CLASSES: { test: RegExp; params: number; why: string }[] = [
  { test: /^diffusers(\.models)?(\.autoencoders?(\.[a-z_]+)?)?\.AutoencoderKL\.from_pretrained$/, params: 100_000_000, why: "diffusers' kl-f8 AutoencoderKL (Stable Diffusion's VAE), under 100M parameters" },
];

/**
 * CLIP's text tower loaded on its own (`CLIPTextModel` / `CLIPTextModelWithProjection`) from OpenAI's CLIP
 * checkpoints, or as the `text_encoder` of a Stable Diffusion 1.x repository (which is CLIP ViT-L/14's): the text
 * transformer only, 63M parameters for the base models (Radford et al. 2021, "Learning Transferable Visual Models From
 * Natural Language Supervision", section 2.4) and 123M for ViT-L/14 (the CompVis/stable-diffusion README: "its 860M
 * UNet and 123M text encoder"), whatever the whole CLIP checkpoint weighs.
 */
const CLIP_TOWER = /(^|\.)CLIPTextModel(WithProjection)?\.from_pretrained$/;
const OPENAI_CLIP = /^openai\/clip-vit-(base|large)-patch(14|16|32)(-336)?$/;
const SD1_REPO = /^(CompVis\/stable-diffusion-v1-[1-4]|runwayml\/stable-diffusion-v1-5|stable-diffusion-v1-5\/stable-diffusion-v1-5)$/;

export function smallTextTower(qname: string | undefined, id: string | undefined, subfolder: string | undefined, settings: Pick<AnalysisSettings, 'smallModelParams'>): { params: number; why: string } | undefined {
  if (!qname || !id || !CLIP_TOWER.test(qname)) return undefined;
  const m = OPENAI_CLIP.exec(id);
  const params = m ? (m[1] === 'base' ? 63_000_000 : 123_000_000) : SD1_REPO.test(id) && subfolder === 'text_encoder' ? 123_000_000 : undefined;
  return params !== undefined && params < (settings.smallModelParams ?? 0) ? { params, why: `CLIP's ${params === 63_000_000 ? '63M' : '123M'} text tower` } : undefined;
}

/** A loader whose class alone says the model is small (below `small-model-params`). */
export function smallClass(qname: string | undefined, settings: Pick<AnalysisSettings, 'smallModelParams'>): { params: number; why: string } | undefined {
  if (!qname) return undefined;
  const hit = SMALL_CLASSES.find((c) => c.test.test(qname));
  return hit && hit.params < (settings.smallModelParams ?? 0) ? { params: hit.params, why: hit.why } : undefined;
}

// Zod schemas of the bundled data files (accelerators, regions, PUE, prices, models). Every row carries a source.
// Invariant: the tables are validated once, at first use, and in test/unit/data.test.ts; a bad row is a build bug.
import { z } from 'zod';

const source = z.string().min(8);
const positive = z.number().positive();

export const PeakSchema = z
  .object({
    fp32: positive.optional(),
    tf32: positive.optional(),
    fp16: positive.optional(),
    bf16: positive.optional(),
    fp8: positive.optional(),
    int8: positive.optional(),
    int4: positive.optional(),
  })
  .strict();

export const AcceleratorSchema = z
  .object({
    name: z.string().min(2),
    /** The model token that must appear in a user's name ("a100", "tpuv3"). */
    key: z.string().min(2),
    /** Tokens that tell variants apart ("80gb", "sxm", "pcie"). */
    variants: z.array(z.string()),
    aliases: z.array(z.string()),
    vendor: z.string(),
    generation: z.string(),
    year: z.number().int().min(2010).max(2030),
    /** 0 where the vendor publishes none (Apple). */
    tdpW: z.number().nonnegative(),
    idleW: z.number().nonnegative(),
    idleSource: source,
    memoryGB: positive,
    bandwidthGBps: positive,
    peakTFLOPs: PeakSchema,
    source,
    notes: z.string().optional(),
    verification: z.string().optional(),
  })
  .strict()
  .refine((a) => a.idleW <= a.tdpW, { message: 'idle power above TDP' });

export const AcceleratorTableSchema = z.object({
  version: z.number().int(),
  description: z.string(),
  accelerators: z.array(AcceleratorSchema).min(20),
  instances: z.array(z.object({ name: z.string(), accelerator: z.string(), count: z.number().int().positive().optional() }).strict()),
  instancesSource: source,
});

export const RegionTableSchema = z.object({
  version: z.number().int(),
  description: z.string(),
  sources: z.record(z.string(), source),
  regions: z
    .array(
      z
        .object({
          key: z.string().regex(/^(gcp|aws|azure|country):[A-Za-z0-9-]+$|^world$/),
          location: z.string(),
          gCO2PerKWh: z.number().min(0).max(1500),
          year: z.number().int().min(2000).max(2030).nullable(),
          vintage: z.string(),
          source: z.string(),
        })
        .strict(),
    )
    .min(100),
});

export const PueTableSchema = z.object({
  version: z.number().int(),
  description: z.string(),
  providers: z.array(
    z
      .object({ provider: z.string(), pue: z.number().min(1).max(3), low: z.number().min(1), high: z.number().max(3), year: z.number().int(), source })
      .strict()
      .refine((p) => p.low <= p.pue && p.pue <= p.high, { message: 'pue outside its range' }),
  ),
});

export const PriceTableSchema = z.object({
  version: z.number().int(),
  description: z.string(),
  dateRead: z.string().regex(/^\d{4}-\d{2}/),
  verification: z.string(),
  prices: z.array(
    z
      .object({ cloud: z.enum(['aws', 'gcp', 'azure']), accelerator: z.string(), usdPerHour: positive, basis: z.string(), source })
      .strict(),
  ),
});

export const ModelSchema = z
  .object({
    id: z.string().min(2),
    params: positive,
    activeParams: positive,
    family: z.string().optional(),
    layers: z.number().int().positive().optional(),
    hiddenSize: z.number().int().positive().optional(),
    heads: z.number().int().positive().optional(),
    kvHeads: z.number().int().positive().optional(),
    headDim: z.number().int().positive().optional(),
    context: z.number().int().positive().optional(),
    experts: z.number().int().positive().optional(),
    expertsPerToken: z.number().int().positive().optional(),
    attentionLayers: z.number().int().positive().optional(),
    slidingWindow: z.number().int().positive().optional(),
    /** MoE: FFN width of one routed expert, how many layers are MoE, shared experts per MoE layer. */
    moeIntermediate: z.number().int().positive().optional(),
    moeLayers: z.number().int().positive().optional(),
    sharedExperts: z.number().int().nonnegative().optional(),
    /** How the model's official FP8 checkpoint scales its weights: 128×128 blocks or per channel. */
    fp8Scheme: z.enum(['block', 'channel']).optional(),
    /** KV-cache bytes per token of context over all layers, where the attention is not plain GQA (MLA). */
    kvBytesPerToken: z.number().positive().optional(),
    /** Hybrid state-space models: Mamba layers, and the recurrent state per sequence over all of them (bytes). */
    mambaLayers: z.number().int().positive().optional(),
    ssmStateBytes: z.number().positive().optional(),
    aliases: z.array(z.string()).optional(),
    source,
  })
  .strict()
  .refine((m) => m.activeParams <= m.params, { message: 'active parameters above total' });

export const ModelTableSchema = z.object({ version: z.number().int(), description: z.string(), models: z.array(ModelSchema).min(20) });

export const DatasetTableSchema = z.object({
  version: z.number().int(),
  description: z.string(),
  datasets: z.array(
    z.object({ id: z.string().min(2), aliases: z.array(z.string()).optional(), config: z.string().min(1).optional(), trainExamples: positive, bytesPerExample: positive.optional(), source }).strict(),
  ),
});

export type DatasetTable = z.infer<typeof DatasetTableSchema>;
export type Accelerator = z.infer<typeof AcceleratorSchema>;
export type AcceleratorTable = z.infer<typeof AcceleratorTableSchema>;
export type RegionTable = z.infer<typeof RegionTableSchema>;
export type PueTable = z.infer<typeof PueTableSchema>;
export type PriceTable = z.infer<typeof PriceTableSchema>;
export type ModelRow = z.infer<typeof ModelSchema>;
export type ModelTable = z.infer<typeof ModelTableSchema>;
export type PrecisionKey = keyof z.infer<typeof PeakSchema>;

// The only messages the report webview and the extension exchange, as zod schemas. Both sides validate what
// they receive with these; anything else is dropped. Shared by src/extension/report/view.ts and media/webview.
import { z } from 'zod';

const range3 = z.object({ low: z.number(), mid: z.number(), high: z.number() });

/** The editable assumptions, named as the editor settings (`wattlint.<name>`). */
export const assumptionNames = ['hardware', 'region', 'pue', 'pricePerGpuHour', 'requestsPerDay'] as const;
export type AssumptionName = (typeof assumptionNames)[number];

export const assumptionValues = z.object({
  hardware: z.string().optional(),
  region: z.string().optional(),
  pue: z.number().optional(),
  pricePerGpuHour: z.number().optional(),
  requestsPerDay: z.number().optional(),
});

/** Extension → webview: the report (the CLI's JSON document, unchanged) and what the charts need besides. */
export const reportMessage = z.object({
  type: z.literal('report'),
  /** `wattlint scan --format json` for the same workspace (src/core/report/json.ts). */
  json: z.object({
    version: z.number(),
    findings: z.array(
      z.looseObject({
        rule: z.string(),
        file: z.string(),
        cell: z.number().optional(),
        line: z.number().nullable(),
        severity: z.string(),
        message: z.string(),
        saving: z.looseObject({ energyFraction: range3, energyKWh: range3.optional(), co2Kg: range3.optional(), costUSD: range3.optional(), basis: z.string() }).optional(),
      }),
    ),
    jobs: z.array(
      z.looseObject({
        id: z.string(),
        file: z.string(),
        kind: z.string(),
        flavour: z.string(),
        line: z.number().nullable(),
        cell: z.number().optional(),
        estimate: z
          .looseObject({
            energyKWh: range3.optional(),
            co2Kg: range3.optional(),
            costUSD: range3.optional(),
            label: z.string().optional(),
            /** The audit figures: kWh per training run, mJ per query, the grid intensity used. */
            audit: z
              .looseObject({
                trainingRunKWh: range3.optional(),
                energyPerQueryMJ: range3.optional(),
                carbonIntensityGPerKWh: z.number().optional(),
                region: z.string().optional(),
              })
              .optional(),
            assumptions: z.record(z.string(), z.unknown()).optional(),
            notes: z.array(z.string()).optional(),
          })
          .nullable(),
      }),
    ),
    errors: z.array(z.looseObject({ file: z.string(), message: z.string() })),
    summary: z.looseObject({ files: z.number(), findings: z.number(), error: z.number(), warning: z.number(), info: z.number(), suppressed: z.number() }),
  }),
  /** The same job's carbon in other regions (the engine re-run with another region). */
  regions: z.object({ jobId: z.string(), rows: z.array(z.object({ region: z.string(), co2Kg: z.number(), intensity: z.number().optional() })) }).nullable(),
  assumptions: assumptionValues,
  /** Assumptions the repo's config file sets (they win over the panel and the settings). */
  locked: z.array(z.enum(assumptionNames)),
  configFile: z.string().optional(),
  scanning: z.boolean(),
  /** Names the bundled tables know, offered while typing hardware and region. */
  names: z.object({ hardware: z.array(z.string()), regions: z.array(z.string()) }),
  /** Where a changed assumption can be stored, said before anything is written (`workspace` names the file). */
  targets: z.array(z.object({ id: z.enum(['workspace', 'user']), label: z.string() })),
});
export type ReportMessage = z.infer<typeof reportMessage>;
export type JsonReportLike = ReportMessage['json'];

/** Webview → extension. */
export const fromWebview = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** What the webview shows, read back from its DOM after rendering (the e2e test compares it with the CLI). */
  z.object({ type: z.literal('rendered'), figures: z.record(z.string(), z.union([z.number(), z.string()])) }),
  z.object({
    type: z.literal('setAssumption'),
    name: z.enum(assumptionNames),
    value: z.union([z.string().max(200), z.number().finite(), z.null()]),
    /** Where to store it: the workspace's settings file or the user's settings (the view names both). */
    target: z.enum(['workspace', 'user']),
  }),
  z.object({ type: z.literal('export'), format: z.enum(['markdown', 'json', 'sarif']) }),
  z.object({ type: z.literal('open'), file: z.string().max(4096), line: z.number().int().positive().nullable(), cell: z.number().int().nonnegative().optional() }),
  z.object({ type: z.literal('rescan') }),
]);
export type FromWebview = z.infer<typeof fromWebview>;

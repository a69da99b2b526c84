// The one schema for Wattlint's settings: `wattlint.toml`, `[tool.wattlint]` in pyproject.toml, and the
// editor's settings are all validated by it, so a bad value gets the same message everywhere.
import { z } from 'zod';

export const severitySetting = z.enum(['error', 'warning', 'info', 'off']);

export const configSchema = z
  .object({
    /** Accelerator when a job names none, e.g. "A100 80GB SXM". */
    hardware: z.string().min(1).optional(),
    'hardware-fixed': z.boolean().optional(),
    /** "gcp:us-central1", "aws:us-east-1", "azure:westeurope" or an ISO country code like "FR". */
    region: z.string().min(1).optional(),
    pue: z.number().min(1).max(3).optional(),
    'price-per-gpu-hour': z.number().positive().optional(),
    'requests-per-day': z.number().nonnegative().optional(),
    'max-file-size-kb': z.number().int().positive().optional(),
    exclude: z.array(z.string()).optional(),
    /** Globs of test files, where the rules stay silent (replaces the default list; `[]` lints tests too). */
    'test-files': z.array(z.string()).optional(),
    /** Globs added to `test-files`. */
    'extend-test-files': z.array(z.string()).optional(),
    /** Globs of vendored code (copies of other projects), where the rules stay silent (replaces the default list). */
    'vendored-files': z.array(z.string()).optional(),
    /** Globs added to `vendored-files`. */
    'extend-vendored-files': z.array(z.string()).optional(),
    /** Models with fewer parameters than this (when their size is known) are not flagged for fp32 inference; 0 flags all. */
    'small-model-params': z.number().int().nonnegative().optional(),
    /** Findings whose paired saving over a whole run is known and below this many kWh are not reported; 0 reports all. */
    'min-saving-kwh': z.number().nonnegative().optional(),
    'fail-on': z.enum(['error', 'warning', 'info', 'never']).optional(),
    /** Rule id → severity or "off". Opt-in rules are enabled by giving them a severity. */
    rules: z.record(z.string(), severitySetting).optional(),
    /** Glob → rule ids ("*" for all) ignored in matching files. */
    'per-file-ignores': z.record(z.string(), z.array(z.string())).optional(),
    baseline: z.string().optional(),
  })
  .strict();

export type WattlintConfig = z.infer<typeof configSchema>;

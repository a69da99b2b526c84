// Loads the bundled JSON tables once, validating each with its zod schema (a bad row throws: it is a build bug).
import acceleratorsJson from './accelerators.json';
import datasetsJson from './datasets.json';
import modelsJson from './models.json';
import pricesJson from './prices.json';
import pueJson from './pue.json';
import regionsJson from './regions.json';
import {
  AcceleratorTableSchema,
  DatasetTableSchema,
  ModelTableSchema,
  PriceTableSchema,
  PueTableSchema,
  RegionTableSchema,
  type AcceleratorTable,
  type DatasetTable,
  type ModelTable,
  type PriceTable,
  type PueTable,
  type RegionTable,
} from './schema';

export const DATA_VERSION = 1;

function once<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

export const acceleratorTable = once((): AcceleratorTable => AcceleratorTableSchema.parse(acceleratorsJson));
export const regionTable = once((): RegionTable => RegionTableSchema.parse(regionsJson));
export const pueTable = once((): PueTable => PueTableSchema.parse(pueJson));
export const priceTable = once((): PriceTable => PriceTableSchema.parse(pricesJson));
export const modelTable = once((): ModelTable => ModelTableSchema.parse(modelsJson));
export const datasetTable = once((): DatasetTable => DatasetTableSchema.parse(datasetsJson));

// One unit scaler for every figure a user reads (CLI text, Markdown, hover, report): energy in J or Wh with SI
// prefixes, power, carbon, money, hours, shares; a range as "mid unit (low–high)" in one unit chosen from its mid,
// shown as one number when low and high round to the same; years as years. Pure.
import type { Range3 } from '../types';

export type Quantity = 'kWh' | 'J' | 'W' | 'kgCO2e' | 'USD' | 'h' | 'count';

/** Three significant figures, thousands separated: 1234.5 → "1,230", 0.01234 → "0.0123". */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(Number(x.toPrecision(3))).toLocaleString('en-US');
  return String(Number(x.toPrecision(3)));
}

/** Two significant figures (what an estimate's spread supports), thousands separated. */
export function num2(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 100) return Math.round(Number(x.toPrecision(2))).toLocaleString('en-US');
  return String(Number(x.toPrecision(2)));
}

/** A year as a year: 2020 → "2020" (never "2,020"); 0 or missing → "year not stated". */
export function year(y: number | undefined): string {
  return y && Number.isFinite(y) && y > 0 ? String(Math.round(y)) : 'year not stated';
}

interface Scale {
  factor: number;
  unit: string;
}

// Each scale lists units from the smallest; a value takes the largest unit it reaches 1 of.
const SCALES: Record<Quantity, Scale[]> = {
  // kWh in: Wh … GWh (mWh below a watt-hour).
  kWh: [
    { factor: 1e-6, unit: 'mWh' },
    { factor: 1e-3, unit: 'Wh' },
    { factor: 1, unit: 'kWh' },
    { factor: 1e3, unit: 'MWh' },
    { factor: 1e6, unit: 'GWh' },
  ],
  // J in: mJ … GJ.
  J: [
    { factor: 1e-3, unit: 'mJ' },
    { factor: 1, unit: 'J' },
    { factor: 1e3, unit: 'kJ' },
    { factor: 1e6, unit: 'MJ' },
    { factor: 1e9, unit: 'GJ' },
  ],
  W: [
    { factor: 1e-3, unit: 'mW' },
    { factor: 1, unit: 'W' },
    { factor: 1e3, unit: 'kW' },
    { factor: 1e6, unit: 'MW' },
  ],
  // kg in: g, kg, t.
  kgCO2e: [
    { factor: 1e-3, unit: 'g CO2e' },
    { factor: 1, unit: 'kg CO2e' },
    { factor: 1e3, unit: 't CO2e' },
  ],
  USD: [{ factor: 1, unit: '' }],
  h: [{ factor: 1, unit: 'h' }],
  count: [{ factor: 1, unit: '' }],
};

function scaleFor(q: Quantity, x: number): Scale {
  const list = SCALES[q];
  const abs = Math.abs(x);
  let pick = list[0];
  for (const s of list) if (abs >= s.factor) pick = s;
  return pick;
}

function money(x: number): string {
  const abs = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  if (abs >= 1e9) return `${sign}$${num2(abs / 1e9)}B`;
  if (abs >= 1e6) return `${sign}$${num2(abs / 1e6)}M`;
  if (abs >= 100) return `${sign}$${Math.round(Number(abs.toPrecision(2))).toLocaleString('en-US')}`;
  if (abs >= 0.01) return `${sign}$${Number(abs.toPrecision(2)).toFixed(abs >= 10 ? 0 : 2).replace(/\.00$/, '')}`;
  return abs === 0 ? '$0' : `${sign}<$0.01`;
}

/** One value with its unit: quantity('kWh', 30000) → "30 MWh"; quantity('J', 0.03) → "30 mJ". */
export function quantity(q: Quantity, x: number): string {
  if (q === 'USD') return money(x);
  const s = scaleFor(q, x);
  const v = num2(x / s.factor);
  return s.unit ? `${v} ${s.unit}` : v;
}

/**
 * A range in one unit chosen from its mid: "1.2 MWh (0.9–1.8)"; a range whose ends print the same is one
 * number ("$9,000", not "$9,000 ($9,000–$9,000)").
 */
export function quantityRange(q: Quantity, r: Range3): string {
  if (q === 'USD') {
    const lo = money(r.low);
    const hi = money(r.high);
    return lo === hi ? money(r.mid) : `${money(r.mid)} (${lo}–${hi})`;
  }
  const s = scaleFor(q, r.mid || r.high || r.low);
  const f = (x: number) => num2(x / s.factor);
  const u = s.unit ? ` ${s.unit}` : '';
  const lo = f(r.low);
  const hi = f(r.high);
  return lo === hi ? `${f(r.mid)}${u}` : `${f(r.mid)}${u} (${lo}–${hi})`;
}

/** A share as a percentage range: "23–41 %"; one number when both ends round the same. */
export function percentRange(r: Range3, signed = false): string {
  const p = (x: number) => {
    const v = Math.round(x * 100);
    return signed && v > 0 ? `+${v}` : String(v);
  };
  return p(r.low) === p(r.high) ? `${p(r.mid)} %` : `${p(r.low)} to ${p(r.high)} %`.replace(/^(\+?\d+) to (\+?\d+) %$/, '$1–$2 %');
}

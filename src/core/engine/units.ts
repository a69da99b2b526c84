// Unit conversions every estimate goes through (and the publishers' accounting tests reproduce): device-hours and
// watts → kWh, kWh and gCO2/kWh → kg CO2e. Keeping them in one place is what catches unit and PUE mistakes.

/** kWh drawn by `deviceHours` accelerator-hours at `watts` each, times a facility PUE (1 = IT energy only). */
export function kWhFromDeviceHours(deviceHours: number, watts: number, pue = 1): number {
  return (deviceHours * watts * pue) / 1000;
}

/** kg CO2e for `kWh` on a grid at `gPerKWh` gCO2e/kWh. */
export function co2KgFromKWh(kWh: number, gPerKWh: number): number {
  return (kWh * gPerKWh) / 1000;
}

export const J_PER_KWH = 3.6e6;

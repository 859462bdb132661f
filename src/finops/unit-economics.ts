import { UserError } from '../cli/errors';

/** Unit economics: what one unit of business output costs, here per 1,000 messages processed. */
export function costPerThousand(totalUsd: number, units: number): number {
  if (!(units > 0)) throw new UserError(`need at least one unit to divide by, got ${units}`);
  return (totalUsd / units) * 1000;
}

export interface CostLine {
  item: string;
  usd: number;
}

/** Sums cost lines and divides by the units they produced. */
export function unitCost(lines: CostLine[], units: number): { totalUsd: number; perThousand: number } {
  const totalUsd = lines.reduce((a, l) => a + l.usd, 0);
  return { totalUsd, perThousand: costPerThousand(totalUsd, units) };
}

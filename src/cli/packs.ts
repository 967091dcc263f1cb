/** The rule packs hunt ships (packs/NAME, each with its licence and SOURCE.md), chosen with --pack NAME. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors.js';

export interface RulePack {
  readonly name: string;
  readonly description: string;
}

export const RULE_PACKS: readonly RulePack[] = [
  { name: 'sigma', description: "SigmaHQ's Windows rules (Detection Rule License 1.1)" },
  { name: 'elastic', description: "Elastic's Windows detection rules (Elastic License 2.0)" },
];

/** Every pack. */
export const ALL_PACKS = 'all';

export const PACK_NAMES: readonly string[] = [...RULE_PACKS.map((pack) => pack.name), ALL_PACKS];

/** The pack names asked for, each once, `all` expanded; an unknown name is a CliError listing the packs. */
export function packNames(values: readonly string[]): string[] {
  const names = new Set<string>();
  for (const value of values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase())) {
    if (value === ALL_PACKS) for (const pack of RULE_PACKS) names.add(pack.name);
    else if (RULE_PACKS.some((pack) => pack.name === value)) names.add(value);
    else {
      const known = RULE_PACKS.map((pack) => `${pack.name}: ${pack.description}`).join('; ');
      throw new CliError(`unknown rule pack ${JSON.stringify(value)} (the packs: ${known}; ${ALL_PACKS}: every pack)`);
    }
  }
  return [...names];
}

/** The folders of the packs named, under `packsRoot`; a pack missing there (a partial install) is a CliError. */
export function packFolders(packsRoot: string, names: readonly string[]): string[] {
  return names.map((name) => {
    const folder = join(packsRoot, name);
    if (!existsSync(folder)) throw new CliError(`rule pack ${name} is not installed (no ${folder})`);
    return folder;
  });
}

import { districtOf, levelOf, municipalityOf } from '@buurtgraaf/protocol';
import { readNationalAreas, readUtrechtKwb } from './cbs';

/**
 * Which CBS codes exist, as far as the lists this package ships tell: every municipality and
 * district of 2024 nationally, and the neighbourhoods (2023 and 2024) of the municipalities whose
 * extract is shipped (Utrecht). A neighbourhood elsewhere can only be checked up to its district.
 */
export interface AreaCodeList {
  /** Null when the code exists as far as the lists go, else why it does not. */
  problem(code: string): string | null;
}

interface Lists {
  known: Set<string>;
  withNeighbourhoods: Set<string>;
}
let lists: Lists | null = null;

/** Read on the first check, not on import: the loader's table definitions are imported everywhere. */
function read(): Lists {
  if (lists) return lists;
  const local = [...readUtrechtKwb(2023), ...readUtrechtKwb(2024)].map((area) => area.code);
  lists = {
    known: new Set([...readNationalAreas().map((area) => area.code), ...local]),
    withNeighbourhoods: new Set(local.filter((code) => levelOf(code) === 'neighbourhood').map(municipalityOf)),
  };
  return lists;
}

export function shippedAreaCodes(): AreaCodeList {
  return {
    problem(code) {
      const level = levelOf(code);
      if (!level) return null;
      const { known, withNeighbourhoods } = read();
      const municipality = level === 'municipality' ? code : municipalityOf(code);
      if (!known.has(municipality))
        return `${code} is not in a CBS municipality: ${municipality} is not on the CBS list of 2024`;
      const district = level === 'neighbourhood' ? districtOf(code) : level === 'district' ? code : null;
      if (district && !known.has(district))
        return `${code} is not in a CBS district: ${district} is not on the CBS list of 2024 for ${municipality}`;
      if (level === 'neighbourhood' && withNeighbourhoods.has(municipality) && !known.has(code)) {
        return `${code} is not a CBS neighbourhood of ${municipality} (CBS lists of 2023 and 2024)`;
      }
      return null;
    },
  };
}

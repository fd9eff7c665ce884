/** Dutch labels for the graph's enums and codes: the page's users are the partners around the table. */
export const TARGET_GROUPS: Record<string, string> = {
  ELDERLY: 'Ouderen',
  DISABILITY: 'Mensen met een beperking',
  MENTAL_HEALTH: 'Geestelijke gezondheidszorg (ggz)',
  YOUTH: 'Jeugd',
};
export const TARGET_GROUP_ORDER = ['ELDERLY', 'DISABILITY', 'MENTAL_HEALTH', 'YOUTH'];

export const FACILITY_KINDS: Record<string, string> = {
  COMMUNITY_CENTRE: 'Buurthuis',
  LIBRARY: 'Bibliotheek',
  PRIMARY_SCHOOL: 'Basisschool',
  GP_PRACTICE: 'Huisartsenpraktijk',
  PHARMACY: 'Apotheek',
  SPORTS_FACILITY: 'Sportvoorziening',
  ELDERLY_DAY_CARE: 'Dagbesteding ouderen',
  YOUTH_CENTRE: 'Jongerencentrum',
  HEALTH_CENTRE: 'Gezondheidscentrum',
};

export const DESTINATIONS: Record<string, string> = {
  CARE_HOUSING_ELDERLY: 'Zorggeschikte woningen voor ouderen',
  ELDERLY_DAY_CARE: 'Dagbesteding voor ouderen',
  YOUTH_CENTRE: 'Jongerencentrum',
  HEALTH_CENTRE: 'Gezondheidscentrum',
  COMMUNITY_CENTRE: 'Buurthuis',
  STARTER_HOUSING: 'Starterswoningen',
};

export const CRITERIA: Record<string, string> = {
  CARE_DEMAND: 'Zorgvraag van de doelgroep',
  CARE_DEMAND_TREND: 'Ontwikkeling van de zorgvraag',
  FACILITY_GAP: 'Ontbrekende voorziening',
  CARE_HOUSING_SHORTAGE: 'Tekort aan zorggeschikte woningen',
  HOUSING_WAITING_TIME: 'Wachttijd sociale huur',
  POPULATION_SHARE: 'Aandeel bevolkingsgroep',
  SIZE_FIT: 'Past het vloeroppervlak',
};
export const CRITERION_ORDER = Object.keys(CRITERIA);

export const FORMER_USES: Record<string, string> = {
  COMMUNITY_BUILDING: 'maatschappelijk gebouw',
  OFFICE: 'kantoor',
  SCHOOL: 'school',
  RETAIL: 'winkel',
  CHURCH: 'kerk',
  CARE_HOME: 'verpleeg- of verzorgingshuis',
  HEALTH_CENTRE: 'gezondheidscentrum',
  INDUSTRIAL: 'bedrijfsruimte',
};

export const INDICATORS: Record<string, string> = {
  SHARE_65_PLUS: 'Aandeel 65-plussers',
  SHARE_15_TO_24: 'Aandeel 15- tot 24-jarigen',
  SHARE_SINGLE_PERSON_HOUSEHOLDS: 'Aandeel eenpersoonshuishoudens',
  CARE_DEMAND_RATE: 'Zorgvraag per 1.000 inwoners',
  CARE_SUITABLE_DWELLINGS_RATE: 'Zorggeschikte woningen per 1.000 65-plussers',
  SOCIAL_HOUSING_WAITING_MONTHS: 'Wachttijd sociale huur (maanden)',
};

export const UNITS: Record<string, string> = {
  'per 1,000 residents aged 65+': 'per 1.000 inwoners van 65+',
  'per 1,000 residents aged 0-24': 'per 1.000 inwoners van 0-24',
  'per 1,000 residents aged 15+': 'per 1.000 inwoners van 15+',
  'per 1,000 residents': 'per 1.000 inwoners',
  '%': '%',
  months: 'maanden',
};

/** Why a figure is missing (MissingReason), in words a partner at the table understands. */
export const MISSING: Record<string, string> = {
  SUPPRESSED: 'afgeschermd (te klein of herleidbaar)',
  NOT_PUBLISHED: 'niet gepubliceerd door CBS',
  NO_DATA: 'geen gegevens',
  PARTNER_UNAVAILABLE: 'partner niet bereikbaar',
  ZERO_BASE: 'deler is nul',
  TOO_FEW_YEARS: 'te weinig jaren voor een trend',
};

export const CONTRIBUTION: Record<string, string> = {
  INCLUDED: 'meegeteld',
  NONE: 'geen cijfers hier',
  UNAVAILABLE: 'niet bereikbaar',
  NOT_SHARED: 'deelt niet met u',
};

export const SOURCES: Record<string, { label: string; title: string }> = {
  CBS: { label: 'Bron: CBS', title: 'Gepubliceerd door het Centraal Bureau voor de Statistiek' },
  PARTNER: { label: 'Bron: partner', title: 'Eigen registratie van de partner' },
  GENERATED: {
    label: 'Gegenereerd (demo)',
    title: 'Demogegevens: aannemelijk maar niet echt; niet gebruiken voor besluiten',
  },
};

export const nl = (value: number, digits = 0) =>
  value.toLocaleString('nl-NL', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const nlMax1 = (value: number) => value.toLocaleString('nl-NL', { maximumFractionDigits: 1 });

import { runSubgraph } from '@buurtgraaf/subgraph-kit/run';
import { newpartner, settings } from './subgraph';

// Every setting comes from NEWPARTNER_* variables (README, "Configuration reference").
void runSubgraph(newpartner, 4099, settings);

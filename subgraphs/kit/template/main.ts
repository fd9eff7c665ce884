import { runSubgraph } from '../../kit/run';
import { newpartner, settings } from './subgraph';

// Every setting comes from NEWPARTNER_* variables (README, "Configuration reference").
void runSubgraph(newpartner, 4099, settings);

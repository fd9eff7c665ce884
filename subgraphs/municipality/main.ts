import { runSubgraph } from '@buurtgraaf/subgraph-kit/run';
import { municipality, settings } from './subgraph';

void runSubgraph(municipality, 4001, settings);

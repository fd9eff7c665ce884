import { runSubgraph } from '@buurtgraaf/subgraph-kit/run';
import { insights, settings } from './subgraph';

void runSubgraph(insights, 4004, settings);

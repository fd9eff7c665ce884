import { runSubgraph } from '../kit/run';
import { insights, settings } from './subgraph';

void runSubgraph(insights, 4004, settings);

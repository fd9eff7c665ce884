import { runSubgraph } from '../kit/run';
import { care, settings } from './subgraph';

void runSubgraph(care, 4003, settings);

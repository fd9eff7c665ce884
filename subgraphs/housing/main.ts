import { runSubgraph } from '../kit/run';
import { housing } from './subgraph';

void runSubgraph(housing, 4002);

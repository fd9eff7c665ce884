import { partnerToRun } from '../../schema/subgraphs';
import { runSubgraph } from '@buurtgraaf/subgraph-kit/run';
import { housing } from './subgraph';

const partner = partnerToRun('housing');
void runSubgraph(housing(partner), partner.port);

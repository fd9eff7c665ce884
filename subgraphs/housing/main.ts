import { partnerToRun } from '../../schema/subgraphs';
import { runSubgraph } from '../kit/run';
import { housing } from './subgraph';

const partner = partnerToRun('housing');
void runSubgraph(housing(partner), partner.port);

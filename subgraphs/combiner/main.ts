import { partnerToRun } from '../../schema/subgraphs';
import { runSubgraph } from '../kit/run';
import { combiner } from './subgraph';

const partner = partnerToRun('combiner');
void runSubgraph(combiner(partner), partner.port);

import { partnerToRun } from '../../schema/subgraphs';
import { runSubgraph } from '../kit/run';
import { envPrefix } from '../kit/subgraph-config';
import { combiner, settingsOf } from './subgraph';

const partner = partnerToRun('combiner');
void runSubgraph(combiner(partner), partner.port, settingsOf(envPrefix(partner.self?.id ?? 'combiner')));

import { partnerToRun } from '../../schema/subgraphs';
import { runSubgraph } from '@buurtgraaf/subgraph-kit/run';
import { combiner, settingsOf } from './subgraph';
import { envPrefix } from '@buurtgraaf/protocol';

const partner = partnerToRun('combiner');
void runSubgraph(combiner(partner), partner.port, settingsOf(envPrefix(partner.self?.id ?? 'combiner')));

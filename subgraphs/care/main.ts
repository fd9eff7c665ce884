import { partnerToRun } from '../../schema/subgraphs';
import { runSubgraph } from '@buurtgraaf/subgraph-kit/run';
import { care, settingsOf } from './subgraph';
import { envPrefix } from '@buurtgraaf/protocol';

const partner = partnerToRun('care');
void runSubgraph(care(partner), partner.port, settingsOf(envPrefix(partner.self?.id ?? 'care')));

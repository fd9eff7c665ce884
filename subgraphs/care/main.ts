import { partnerToRun } from '../../schema/subgraphs';
import { envPrefix } from '../kit/subgraph-config';
import { runSubgraph } from '../kit/run';
import { care, settingsOf } from './subgraph';

const partner = partnerToRun('care');
void runSubgraph(care(partner), partner.port, settingsOf(envPrefix(partner.self?.id ?? 'care')));

import type { DeployPartner } from './model';
import { gatewayDeployment, gatewayHpa, gatewayPdb, partnerDeployment, service } from './k8s/deployments';
import { loadJobFiles } from './k8s/jobs';
import { defaultDeny, gatewayPolicy, partnerPolicy } from './k8s/network-policies';
import { baseKustomization, exampleOverlay } from './k8s/overlay';

/**
 * docker/k8s/base/**: per process a Deployment, a Service and a NetworkPolicy, the gateway's HPA
 * and PodDisruptionBudget, a default-deny policy and the kustomization that lists them all; the
 * example overlay's kustomization, which generates every partner's Secrets; and per partner that
 * keeps data a load Job under jobs/, which no kustomization lists. Paths are relative to docker/k8s.
 */
export function renderKubernetes(partners: readonly DeployPartner[]): Record<string, string> {
  const files: Record<string, string> = {
    'base/network-policy-default-deny.yaml': defaultDeny(),
    'base/gateway/deployment.yaml': gatewayDeployment(partners),
    'base/gateway/service.yaml': service('gateway', 4000),
    'base/gateway/hpa.yaml': gatewayHpa(),
    'base/gateway/pod-disruption-budget.yaml': gatewayPdb(),
    'base/gateway/network-policy.yaml': gatewayPolicy(partners),
  };
  for (const partner of partners) {
    files[`base/${partner.id}/deployment.yaml`] = partnerDeployment(partner);
    files[`base/${partner.id}/service.yaml`] = service(partner.id, partner.port);
    files[`base/${partner.id}/network-policy.yaml`] = partnerPolicy(partner);
  }
  files['base/kustomization.yaml'] = baseKustomization(Object.keys(files).map((file) => file.slice('base/'.length)));
  files['overlays/example/kustomization.yaml'] = exampleOverlay(partners);
  for (const partner of partners.filter((p) => p.keepsData)) {
    for (const [name, content] of Object.entries(loadJobFiles(partner)))
      files[`jobs/${partner.id}-load/${name}`] = content;
  }
  return files;
}

import { deployTargets, manifestsOf, selects, type NetworkPolicyRule } from './manifests';

const { targets, cleanup } = deployTargets();
afterAll(cleanup);

describe.each(targets.map((target) => [target.label, manifestsOf(target)] as const))(
  'NetworkPolicies in the k8s base of %s',
  (_label, manifests) => {
    const { partnerIds, dataPartners, statelessPartners } = manifests;
    const objects = manifests.baseObjects().map(({ object }) => object);
    const deployments = objects.filter(({ kind }) => kind === 'Deployment');
    const policies = objects.filter(({ kind }) => kind === 'NetworkPolicy');
    const podLabels = (name: string) =>
      deployments.find((d) => d.metadata.name === name)?.spec?.template?.metadata.labels ?? {};
    /** Every policy that applies to a Deployment's pods, the default deny included. */
    const policiesFor = (name: string) =>
      policies.filter((policy) => selects(policy.spec?.podSelector?.matchLabels, podLabels(name)));
    const portOf = (name: string) =>
      deployments.find((d) => d.metadata.name === name)?.spec?.template?.spec.containers[0]?.ports?.[0]?.containerPort;
    const allowsPort = (rule: NetworkPolicyRule, port: number | undefined) =>
      !rule.ports || rule.ports.some((allowed) => allowed.port === undefined || allowed.port === port);

    test('when no policy allows it, then traffic is denied both ways', () => {
      const denyAll = policies.filter(({ spec }) => Object.keys(spec?.podSelector ?? {}).length === 0);
      expect(
        denyAll.map(({ spec }) => ({
          types: [...(spec?.policyTypes ?? [])].sort(),
          ingress: spec?.ingress,
          egress: spec?.egress,
        })),
      ).toEqual([{ types: ['Egress', 'Ingress'], ingress: undefined, egress: undefined }]);
    });

    test('when the partners are deployed, then each has a Deployment with a port of its own', () => {
      expect(deployments.map(({ metadata }) => metadata.name).sort()).toEqual(['gateway', ...partnerIds].sort());
      expect(manifests.partners.map(({ name }) => portOf(name))).toEqual(manifests.partners.map(({ port }) => port));
    });

    test.each(partnerIds)(
      'when something calls the %s subgraph, then only the gateway is let in, on its port',
      (partner) => {
        const rules = policiesFor(partner).flatMap(({ spec }) => spec?.ingress ?? []);
        expect(rules.length).toBeGreaterThan(0);
        for (const rule of rules) {
          expect(rule.from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }]);
          expect(rule.ports).toEqual([{ port: portOf(partner), protocol: 'TCP' }]);
        }
        expect(selects(rules[0]?.from?.[0]?.podSelector?.matchLabels, podLabels('gateway'))).toBe(true);
        const gatewayEgress = policiesFor('gateway').flatMap(({ spec }) => spec?.egress ?? []);
        expect(
          gatewayEgress.some(
            (rule) =>
              rule.to?.some((peer) => selects(peer.podSelector?.matchLabels, podLabels(partner))) &&
              allowsPort(rule, portOf(partner)),
          ),
        ).toBe(true);
      },
    );

    test('when the gateway calls out, then it reaches subgraphs and DNS only, never an address block', () => {
      const egress = policiesFor('gateway').flatMap(({ spec }) => spec?.egress ?? []);
      for (const rule of egress) {
        for (const peer of rule.to ?? []) expect(peer.ipBlock).toBeUndefined();
        expect(allowsPort(rule, 5432)).toBe(false);
      }
    });

    test('when a data-holding subgraph calls out, then it reaches its own database address only, and no one else does', () => {
      const databaseBlocks = new Map(
        partnerIds.map((partner) => [
          partner,
          policiesFor(partner)
            .flatMap(({ spec }) => spec?.egress ?? [])
            .flatMap((rule) =>
              (rule.to ?? []).flatMap((peer) => (peer.ipBlock ? [{ cidr: peer.ipBlock.cidr, rule }] : [])),
            ),
        ]),
      );
      for (const partner of partnerIds) {
        const blocks = databaseBlocks.get(partner) ?? [];
        expect({ partner, blocks: blocks.length }).toEqual({ partner, blocks: dataPartners.includes(partner) ? 1 : 0 });
        for (const { rule } of blocks) expect(rule.ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
      }
      const cidrs = dataPartners.map((partner) => databaseBlocks.get(partner)?.[0]?.cidr);
      expect(new Set(cidrs).size).toBe(dataPartners.length);
    });

    test.each(statelessPartners)('when the stateless %s subgraph calls out, then nothing is allowed', (partner) => {
      expect(policiesFor(partner).flatMap(({ spec }) => spec?.egress ?? [])).toEqual([]);
    });
  },
);

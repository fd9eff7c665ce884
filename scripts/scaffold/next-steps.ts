import type { Scaffolded } from './scaffold';
import { envPrefix } from '@buurtgraaf/protocol';

/** What a partner does after scaffolding, from registering to running; printed by the command. */
export function nextSteps(name: string, { port, files }: Scaffolded): string {
  const folder = `subgraphs/${name}`;
  const p = envPrefix(name);
  const migration = (part: string) =>
    files.find((file) => file.startsWith('migrations/') && file.endsWith(`_${name}_${part}.sql`)) ?? 'migrations/';
  const steps = [
    `Registered in schema/partners.json as { "id": "${name}", "kind": "${name}", "port": ${port} }: give it your organisation's "name".`,
    `Map your own table to the contract: describe it as it is in ${folder}/${migration('registratie')}\n` +
      `     (create table if not exists: on your database it already exists) and turn its columns into\n` +
      `     area_code, year, value and source in the view in ${folder}/${migration('figure')}.`,
    `Rename the example figure to what you publish (schema.graphql, resolvers.ts, context.ts,\n` +
      `     store.ts, policy.json) and check it against the federation:\n` +
      `       npm run schema:check -- ${name} ${folder}/schema.graphql`,
    `Compose and commit the supergraph: npm run compose`,
    `Run it with the others on this machine: npm start\n` +
      `     or on its own, next to your database:\n` +
      `       ${p}_DATABASE_URL=postgres://... ${p}_GATEWAY_SECRET_FILE=/run/secrets/${name}-gateway \\\n` +
      `       ${p}_HOST=0.0.0.0 npx tsx ${folder}/main.ts\n` +
      `     and give the gateway SUBGRAPH_${p}_URL and SUBGRAPH_${p}_SECRET_FILE (the same secret).`,
  ];
  return [
    `Created ${folder} (default port ${port}):`,
    ...files.map((file) => `  ${file}`),
    '',
    'Next steps:',
    ...steps.map((step, index) => `  ${index + 1}. ${step}`),
    '',
    'README.md, "Joining the federation as a new partner", explains each step.',
    '',
  ].join('\n');
}

/** What another organisation of an existing kind does after joining: it brings data, not code. */
export function nextStepsForMember(id: string, kind: string, port: number): string {
  const p = envPrefix(id);
  const steps = [
    `Registered in schema/partners.json as a partner of kind ${kind} (default port ${port}); it runs\n     subgraphs/${kind} with PARTNER_ID=${id} and answers under its own field, ${id.replaceAll('-', '_')}.`,
    `Compose and commit the supergraph: npm run compose (the combining subgraph now adds your figures in).`,
    `Map your own tables onto subgraphs/${kind}/migrations with views, or load a CSV export:\n` +
      `       npm run load -- ${id} <table> <file.csv> --dry-run`,
    `Run it with the others on this machine: npm start\n` +
      `     or on its own, next to your database:\n` +
      `       PARTNER_ID=${id} ${p}_DATABASE_URL=postgres://... ${p}_GATEWAY_SECRET_FILE=/run/secrets/${id}-gateway \\\n` +
      `       ${p}_HOST=0.0.0.0 npx tsx subgraphs/${kind}/main.ts\n` +
      `     and give the gateway SUBGRAPH_${p}_URL and SUBGRAPH_${p}_SECRET_FILE (the same secret).`,
    `Render the deploy manifests for the new partner: npm run deploy:render`,
  ];
  return [
    'Joined the federation:',
    '',
    'Next steps:',
    ...steps.map((step, index) => `  ${index + 1}. ${step}`),
    '',
    'README.md, "Joining the federation as a new partner", explains each step.',
    '',
  ].join('\n');
}

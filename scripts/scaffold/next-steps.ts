import type { Scaffolded } from './scaffold';

/** What a partner does after scaffolding, from registering to running; printed by the command. */
export function nextSteps(name: string, { port, files }: Scaffolded, registered: boolean): string {
  const folder = `subgraphs/${name}`;
  const p = name.toUpperCase();
  const migration = (part: string) => files.find((file) => file.startsWith('migrations/') && file.endsWith(`_${name}_${part}.sql`)) ?? 'migrations/';
  const steps = [
    registered
      ? `Registered in schema/subgraphs.ts as { name: '${name}', port: ${port} }.`
      : `Register it: add { name: '${name}', port: ${port} } to SUBGRAPHS in schema/subgraphs.ts\n     (or scaffold with --register).`,
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

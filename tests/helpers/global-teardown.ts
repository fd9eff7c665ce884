export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __postgresContainer?: { stop(): Promise<unknown> } }).__postgresContainer?.stop();
}

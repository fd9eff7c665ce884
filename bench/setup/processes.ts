import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * BENCH_RUNTIME=dist (set by `npm run bench`, which builds first): our gateway and the partners
 * run the compiled JavaScript in dist/, as docker/Dockerfile deploys them; tsx's loader thread
 * alone adds about 40 MiB to a process. The peers and the floor exist only in bench/ and keep tsx.
 */
function runtimeFor(file: string): { entry: string; loader: string[] } {
  const source = relative(ROOT, file);
  if (process.env.BENCH_RUNTIME !== 'dist' || source.startsWith('bench'))
    return { entry: file, loader: ['--import', 'tsx'] };
  const built = join(ROOT, 'dist', source.replace(/\.ts$/, '.js'));
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build`);
  return { entry: built, loader: [] };
}

export interface Child {
  name: string;
  url: string;
  pid: number;
  /** Peak resident set size of the process so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

const STARTUP_LIMIT_MS = 120_000;

/**
 * Forks an entry point that reports `{ type: 'ready', url }` over IPC, as the
 * subgraphs, the gateway and the bench peers do. Every server of the bench is its own process,
 * so the load generator and the contender never share a core's event loop.
 */
export function startChild(name: string, file: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<Child> {
  const { entry, loader } = runtimeFor(file);
  const child: ChildProcess = fork(entry, args, {
    // BENCH_CPU_PROFILE=<name>[,<name>...]: a V8 CPU profile of each named process (a partner such as
    // care-stadszorg, or a contender), written on exit to BENCH_CPU_PROFILE_DIR/<name> (default: the working directory).
    execArgv: [...loader, ...(profiled(name) ? cpuProfileFlags(name) : [])],
    // As deployed (docker/Dockerfile): graphql-js skips its development-only instanceof checks.
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${STARTUP_LIMIT_MS / 1000} s`)),
      STARTUP_LIMIT_MS,
    );
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type !== 'ready' || !message.url) return;
      clearTimeout(timer);
      resolve({
        name,
        url: message.url,
        pid: child.pid ?? 0,
        peakRssMiB: () => peakRss(child.pid ?? 0),
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

const profiled = (name: string) =>
  (process.env.BENCH_CPU_PROFILE ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .includes(name);

// A folder per process, not a file name: tsx's module loader runs in a thread of its own, which
// writes a profile too, and one --cpu-prof-name would let the two overwrite each other.
const cpuProfileFlags = (name: string) => [
  '--cpu-prof',
  `--cpu-prof-dir=${join(process.env.BENCH_CPU_PROFILE_DIR ?? process.cwd(), name)}`,
];

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

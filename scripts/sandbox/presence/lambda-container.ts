/** A bundled Lambda handler in its own Node process (one container), invoked over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

interface Reply {
  id?: number;
  ready?: boolean;
  result?: unknown;
  error?: string;
}

export class LambdaContainer {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private readonly ready: Promise<void>;
  private exited = false;

  public constructor(bundle: string, env: Record<string, string | undefined>) {
    this.child = fork(path.join(__dirname, 'lambda-worker.cjs'), [bundle], {
      env,
      // Plain Node, as Lambda runs the bundle (not the TypeScript loader the sandbox runs under).
      execArgv: [],
      // The handler's stdout (logs, EMF metrics) stays out of the sandbox's machine-readable stdout.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', (m: Reply) => (m.ready ? resolve() : reject(new Error('worker not ready'))));
      this.child.once('exit', (code) => reject(new Error(`Lambda container exited (${code})`)));
    });
    this.ready.catch(() => undefined);
    this.child.on('message', (m: Reply) => {
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!p) return;
      if (m.error !== undefined) p.reject(new Error(`handler threw: ${m.error}`));
      else p.resolve(m.result);
    });
    this.child.on('exit', (code) => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`Lambda container exited (${code})`));
      this.pending.clear();
    });
  }

  public async invoke<T>(event: unknown, timeoutMs = 60_000): Promise<T> {
    await this.ready;
    if (this.exited) throw new Error('Lambda container has exited');
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`invocation ${id} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, event });
    });
  }

  public close(): void {
    if (!this.exited) this.child.kill();
  }
}

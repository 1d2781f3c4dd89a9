import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Every live descendant of pid, read from /proc (Linux): the processes a kill must not leave behind. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'; // a zombie has exited, only its parent has not reaped it
  } catch {
    return false;
  }
}

export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A command whose stdout and stderr are collected; ready() waits until the output matches. */
export function spawnCollecting(command: string, args: string[], o: { cwd?: string; env: NodeJS.ProcessEnv; detached?: boolean }) {
  const child: ChildProcess = spawn(command, args, { cwd: o.cwd, env: o.env, detached: o.detached, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    async ready(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
      let exitedEarly = false;
      void exited.then(() => (exitedEarly = true));
      await waitUntil(
        `${pattern} in the output of ${command} ${args.join(' ')}`,
        () => {
          if (exitedEarly && !pattern.test(output)) throw new Error(`${command} exited early:\n${output}`);
          return pattern.test(output);
        },
        timeoutMs,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n--- output ---\n${output}`);
      });
      return output.match(pattern)!;
    },
  };
}

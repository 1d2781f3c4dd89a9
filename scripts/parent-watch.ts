/**
 * Calls onGone once when the process that started us has exited (a terminal closed, `npm run dev` SIGKILLed).
 * Node's process.ppid is read once at start-up, so the check asks the OS whether that pid still exists.
 * `npm run dev` runs `exec node ...`, so our parent is npm itself, not an intermediate shell.
 */
export function whenParentGone(onGone: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPERM') return; // alive, just not ours to signal
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

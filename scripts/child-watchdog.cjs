#!/usr/bin/env node
// Runs one command and makes sure it never outlives the process that started this watchdog.
// Node has no prctl(PR_SET_PDEATHSIG), so the parent keeps our stdin open: when the parent exits for any reason
// (Ctrl-C, SIGTERM, SIGHUP, a crash, SIGKILL) the kernel closes its end, we read EOF and stop the command.
// Plain JavaScript so it starts in milliseconds without tsx. Usage: node child-watchdog.cjs <command> [args...]
'use strict';
const { spawn } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: child-watchdog.cjs <command> [args...]\n');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop(reason) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // a server that ignores SIGTERM for 10 s is killed outright; the timer must not keep us alive by itself
  setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  if (reason) process.stderr.write(`[watchdog] ${reason}: stopping ${command} (pid ${child.pid})\n`);
}

child.on('error', (err) => {
  process.stderr.write(`[watchdog] cannot start ${command}: ${err.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));

process.stdin.on('end', () => stop('parent gone'));
process.stdin.on('close', () => stop('parent gone'));
process.stdin.on('error', () => stop('parent gone'));
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop());

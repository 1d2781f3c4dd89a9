import { join } from 'node:path';

/** The test run's scratch directory: the workflow bundle, and the log files of every process of the run. */
export const RUN_DIR = join(__dirname, '..', '..', '.tmp', 'test-run');
/** Every process of the run writes its log lines here, one file per process; teardown scans them (log-scan.ts). */
export const LOG_DIR = join(RUN_DIR, 'logs');

/** A log file of its own for a process a test starts and reads the lines of (still under LOG_DIR, so scanned). */
export const logFileFor = (name: string) => join(LOG_DIR, `${name}-${process.pid}-${Date.now()}.ndjson`);

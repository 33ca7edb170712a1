export { acquirePidLock, PidLockBusyError, type PidLockHolder, type PidLockOptions } from './pid-lock.js';
export { isProcessAlive } from './process-alive.js';
export { CommandLineError, parseCommandLine, type CommandLineProblem } from './command-line.js';

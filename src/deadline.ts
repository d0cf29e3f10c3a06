/**
 * Waits with a deadline. A native call that never answers (a keychain behind a D-Bus socket that
 * accepts and stays silent) cannot be cancelled: it is abandoned, and since it keeps Node's event
 * loop alive, the entry exits explicitly once its own work is done (`exitIfAbandoned`).
 */
let abandoned = false;

export class DeadlinePassed extends Error {
  constructor(readonly seconds: number) {
    super(`no answer within ${seconds} s`);
    this.name = 'DeadlinePassed';
  }
}

/** `work`'s result, or a DeadlinePassed rejection after `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandoned = true;
      reject(new DeadlinePassed(ms / 1000));
    }, ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Ends the process when abandoned work would keep it alive; the exit code is the one already set. */
export function exitIfAbandoned(): void {
  if (abandoned) process.exit();
}

import { join } from 'node:path';

/** Where aigate is installed: its shells/ scripts and the launcher the integration runs. */
export interface PackagePaths {
  root: string;
  bin: string;
}

export function packagePaths(root: string): PackagePaths {
  return { root, bin: join(root, 'bin', 'aigate.cjs') };
}

import {homedir} from 'node:os'
import {join} from 'node:path'

/**
 * The per-user data directory mkube uses when --data-dir is not given: $MKUBE_DATA_DIR, else
 * $XDG_DATA_HOME/mkube, else ~/.local/share/mkube.
 */
export function defaultDataDir(): string {
  if (process.env.MKUBE_DATA_DIR) return process.env.MKUBE_DATA_DIR
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(base, 'mkube')
}

/** Where a master keeps its files inside a data dir. */
export function masterPaths(dataDir: string) {
  return {
    dataDir,
    /** the SQLite cluster store */
    db: join(dataDir, 'db', 'state.db'),
    pki: join(dataDir, 'pki'),
    /** admin kubeconfig written at start; mkube's client uses it by default */
    kubeconfig: join(dataDir, 'admin.kubeconfig'),
  }
}

/** The kubeconfig mkube's client falls back to: the default data dir's admin kubeconfig. */
export function defaultKubeconfigPaths(): string[] {
  return [masterPaths(defaultDataDir()).kubeconfig, join(homedir(), '.kube', 'config')]
}

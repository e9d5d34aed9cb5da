/**
 * Crash- and race-safe file writes for credentials: atomic replace (temp + fsync + rename), exclusive
 * create (temp + hard link, so a reader never sees a half-written file and exactly one writer wins), and
 * a lock file for read-check-regenerate sequences. Used by src/pki and src/client/kubeconfig.
 */
import {randomBytes} from 'node:crypto'
import {link, mkdir, open, readFile, rename, stat, unlink, writeFile} from 'node:fs/promises'
import {dirname} from 'node:path'

function tempName(path: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
}

async function writeTemp(path: string, data: string | Uint8Array, mode: number): Promise<string> {
  await mkdir(dirname(path), {recursive: true, mode: 0o700})
  const tmp = tempName(path)
  const fh = await open(tmp, 'wx', mode)
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
  return tmp
}

/** Replaces `path` atomically with `data` (readers see the old or the new content, never a mix). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = await writeTemp(path, data, mode)
  try {
    await rename(tmp, path)
  } catch (err) {
    await unlink(tmp).catch(() => {})
    throw err
  }
}

/**
 * Creates `path` with `data` only if it does not exist yet, atomically. Returns true when this call
 * created it, false when it already existed (the caller then reads what the winner wrote).
 */
export async function createFileExclusive(path: string, data: string | Uint8Array, mode = 0o600): Promise<boolean> {
  const tmp = await writeTemp(path, data, mode)
  try {
    await link(tmp, path)
    return true
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') {
      // File systems without hard links: fall back to an exclusive open (not atomic for readers).
      try {
        await writeFile(path, data, {mode, flag: 'wx'})
        return true
      } catch (err2) {
        if ((err2 as NodeJS.ErrnoException).code === 'EEXIST') return false
        throw err2
      }
    }
    throw err
  } finally {
    await unlink(tmp).catch(() => {})
  }
}

/** Reads a file as UTF-8, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

/** Options of withFileLock. */
export interface LockOptions {
  /** a lock file older than this is considered abandoned by a crashed process (default 10 s) */
  staleMs?: number
  /** give up after this long (default 30 s) */
  timeoutMs?: number
}

/**
 * Runs `fn` while holding an exclusive lock file at `lockPath` (created with O_EXCL, removed after).
 * Waits (polling every 20 ms) while another process holds it; breaks locks older than `staleMs`.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const staleMs = opts.staleMs ?? 10_000
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000)
  await mkdir(dirname(lockPath), {recursive: true, mode: 0o700})
  for (;;) {
    try {
      const fh = await open(lockPath, 'wx', 0o600)
      await fh.writeFile(String(process.pid))
      await fh.close()
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const st = await stat(lockPath).catch(() => undefined)
    if (st && Date.now() - st.mtimeMs > staleMs) {
      await unlink(lockPath).catch(() => {})
      continue
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${lockPath}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  try {
    return await fn()
  } finally {
    await unlink(lockPath).catch(() => {})
  }
}

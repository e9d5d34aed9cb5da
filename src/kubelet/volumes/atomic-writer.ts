/**
 * The kubelet's AtomicWriter: writes an API-data volume so that containers always see a complete,
 * consistent set of files, and updates appear at once. Layout of the volume dir:
 *   ..2024_01_02_03_04_05.xyz/   the files of one version
 *   ..data -> ..2024_…xyz        swapped atomically (symlink to a temp name, then rename)
 *   key -> ..data/key            one user-visible symlink per top-level path
 * Relative links resolve inside the container too, since the whole dir is bind-mounted.
 */
import {chmod, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rename, rm, stat, symlink, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {VolumeError, type Payload} from './plan.js'

const DATA = '..data'
const DATA_TMP = '..data_tmp'

/** Rejects paths that are absolute, contain `..` elements or start with `..` (as Kubernetes validates). */
export function validatePayloadPath(p: string): void {
  if (p === '') throw new VolumeError('invalid path: must not be empty')
  if (p.startsWith('/')) throw new VolumeError(`invalid path: must be relative path: ${p}`)
  if (p.split('/').includes('..')) throw new VolumeError(`invalid path: must not contain '..': ${p}`)
  if (p.startsWith('..')) throw new VolumeError(`invalid path: must not start with '..': ${p}`)
}

function timestampPrefix(d = new Date()): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `..${d.getUTCFullYear()}_${pad(d.getUTCMonth() + 1)}_${pad(d.getUTCDate())}_${pad(d.getUTCHours())}_${pad(d.getUTCMinutes())}_${pad(d.getUTCSeconds())}.`
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  )
}

/** Files below `dir` (relative paths). */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, {withFileTypes: true})) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...(await listFiles(join(dir, e.name), rel)))
    else out.push(rel)
  }
  return out
}

/** Whether the version the volume shows now equals `payload` (same files, contents and modes). */
async function unchanged(versionDir: string, payload: Payload): Promise<boolean> {
  try {
    const files = await listFiles(versionDir)
    if (files.length !== payload.size) return false
    for (const [p, f] of payload) {
      const full = join(versionDir, p)
      const [data, st] = await Promise.all([readFile(full), stat(full)])
      if ((st.mode & 0o777) !== (f.mode & 0o777) || !data.equals(f.data)) return false
    }
    return true
  } catch {
    return false
  }
}

/** Top-level names of payload paths. */
function topLevel(payload: Payload): Set<string> {
  return new Set([...payload.keys()].map((p) => p.split('/')[0]))
}

/** Writes `payload` into `dir` atomically; resolves true when the visible content changed. */
export async function writePayload(dir: string, payload: Payload): Promise<boolean> {
  const clean: Payload = new Map()
  for (const [p, f] of payload) {
    const norm = p.replace(/\/+/g, '/').replace(/^\.\//, '').replace(/\/$/, '')
    validatePayloadPath(norm)
    clean.set(norm, f)
  }
  await mkdir(dir, {recursive: true, mode: 0o755})
  const oldTarget = await readlink(join(dir, DATA)).catch(() => undefined)
  const oldVersion = oldTarget ? join(dir, oldTarget) : undefined
  if (oldVersion && (await unchanged(oldVersion, clean))) return false

  const version = await mkdtemp(join(dir, timestampPrefix()))
  await chmod(version, 0o755)
  for (const [p, f] of clean) {
    const full = join(version, p)
    await mkdir(dirname(full), {recursive: true, mode: 0o755})
    await writeFile(full, f.data)
    await chmod(full, f.mode & 0o7777)
  }
  const tmpLink = join(dir, DATA_TMP)
  await rm(tmpLink, {force: true})
  await symlink(version.slice(dir.length + 1), tmpLink)
  await rename(tmpLink, join(dir, DATA))

  const wanted = topLevel(clean)
  for (const name of wanted) {
    const link = join(dir, name)
    if (!(await exists(link))) await symlink(`${DATA}/${name}`, link)
  }
  if (oldVersion) {
    for (const name of await readdir(dir)) {
      if (name.startsWith('..') || wanted.has(name)) continue
      const target = await readlink(join(dir, name)).catch(() => undefined)
      if (target?.startsWith(`${DATA}/`)) await rm(join(dir, name), {force: true})
    }
    await rm(oldVersion, {recursive: true, force: true})
  }
  return true
}

/** hostPath volume type checks, as the kubelet's hostPath plugin performs them before mounting. */
import {mkdir, open, stat} from 'node:fs/promises'
import type {Stats} from 'node:fs'
import {VolumeError} from './plan.js'

async function statOrNull(p: string): Promise<Stats | null> {
  return stat(p).catch(() => null)
}

const checks: Record<string, [(s: Stats) => boolean, string]> = {
  Directory: [(s) => s.isDirectory(), 'a directory'],
  File: [(s) => s.isFile(), 'a file'],
  Socket: [(s) => s.isSocket(), 'a socket file'],
  CharDevice: [(s) => s.isCharacterDevice(), 'a character device'],
  BlockDevice: [(s) => s.isBlockDevice(), 'a block device'],
}

/** Checks (and for the *OrCreate types, creates) the host path; throws VolumeError with Kubernetes' message. */
export async function checkHostPath(path: string, type: string): Promise<void> {
  if (type === '') return
  const st = await statOrNull(path)
  if (type === 'DirectoryOrCreate' && !st) {
    await mkdir(path, {recursive: true, mode: 0o755})
    return
  }
  if (type === 'FileOrCreate' && !st) {
    try {
      await (await open(path, 'a', 0o644)).close()
    } catch (e) {
      throw new VolumeError((e as Error).message)
    }
    return
  }
  const check = checks[type.replace(/OrCreate$/, '')]
  if (!check) throw new VolumeError(`${type} is an invalid volume type`)
  if (!st || !check[0](st)) throw new VolumeError(`hostPath type check failed: ${path} is not ${check[1]}`)
}

/**
 * Facts about the machine a node reports (cpu cores, memory, disk under the data dir, OS image,
 * kernel, machine/system/boot ids). Static facts are read once per process: many simulated nodes in
 * one process share them.
 */
import {readFile, statfs} from 'node:fs/promises'
import os from 'node:os'
import {dirname} from 'node:path'

/** What the node status is built from. */
export interface MachineInfo {
  cpuCores: number
  memoryBytes: number
  /** size of the filesystem holding the node's data dir */
  ephemeralStorageBytes: number
  machineID: string
  systemUUID: string
  bootID: string
  kernelVersion: string
  osImage: string
  operatingSystem: string
  architecture: string
  hostname: string
}

/** Go's GOARCH for Node's process.arch. */
export function goArch(arch: string = process.arch): string {
  const map: Record<string, string> = {x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64'}
  return map[arch] ?? arch
}

/** PRETTY_NAME of an os-release file's text ("Debian GNU/Linux 12 (bookworm)"). */
export function osImageFrom(osRelease: string): string {
  const m = /^PRETTY_NAME=(.*)$/m.exec(osRelease)
  if (!m) return os.type()
  return m[1].trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1')
}

async function readTrim(path: string): Promise<string> {
  return (await readFile(path, 'utf8').catch(() => '')).trim()
}

let staticInfo: Promise<Omit<MachineInfo, 'ephemeralStorageBytes'>> | undefined

function readStatic(): Promise<Omit<MachineInfo, 'ephemeralStorageBytes'>> {
  staticInfo ??= (async () => {
    const [osRelease, machineID, systemUUID, bootID] = await Promise.all([
      readFile('/etc/os-release', 'utf8').catch(() => readFile('/usr/lib/os-release', 'utf8').catch(() => '')),
      readTrim('/etc/machine-id'),
      readTrim('/sys/class/dmi/id/product_uuid'),
      readTrim('/proc/sys/kernel/random/boot_id'),
    ])
    return {
      cpuCores: os.availableParallelism?.() ?? os.cpus().length,
      memoryBytes: os.totalmem(),
      machineID,
      systemUUID: systemUUID.toLowerCase(),
      bootID,
      kernelVersion: os.release(),
      osImage: osImageFrom(osRelease),
      operatingSystem: os.platform() === 'win32' ? 'windows' : os.platform(),
      architecture: goArch(),
      hostname: os.hostname(),
    }
  })()
  return staticInfo
}

/** Size in bytes of the filesystem holding `dir` (its nearest existing ancestor). */
async function filesystemBytes(dir: string): Promise<number> {
  for (let d = dir; ; d = dirname(d)) {
    try {
      const s = await statfs(d)
      return s.blocks * s.bsize
    } catch {
      if (dirname(d) === d) return 0
    }
  }
}

/** The machine facts, with the disk measured under `dataDir`. */
export async function readMachineInfo(dataDir: string): Promise<MachineInfo> {
  const [s, bytes] = await Promise.all([readStatic(), filesystemBytes(dataDir)])
  return {...s, ephemeralStorageBytes: bytes}
}

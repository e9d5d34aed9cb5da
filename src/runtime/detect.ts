/**
 * Finding a usable container runtime on this host, and creating runtimes by name.
 */
import {execa} from 'execa'
import {firstLine} from './cli.js'
import {summarizeStderr} from './errors.js'
import {DockerRuntime} from './docker.js'
import {FakeRuntime, type FakeRuntimeOptions} from './fake.js'
import type {CliRuntimeOptions} from './options.js'
import {PodmanRuntime} from './podman.js'
import type {ContainerRuntime, RuntimeName} from './types.js'

/** Result of detectRuntime: the runtime to use, or null with the reasons each candidate failed. */
export type DetectResult = {name: 'podman' | 'docker'; version: string} | {name: null; reason: string}

/** Options of the probes (set by the node command or tests). */
export interface ProbeOptions {
  /** environment for the CLI (DOCKER_HOST is honoured from here, else from process.env) */
  env?: Record<string, string>
  podmanBinary?: string
  dockerBinary?: string
  timeoutMs?: number
}

/** Why podman cannot be used (`podman info` fails), or null when it works. Answers with its version via onVersion. */
export async function probePodman(opts: ProbeOptions = {}, onVersion?: (v: string) => void): Promise<string | null> {
  return probe(opts.podmanBinary ?? 'podman', ['info', '--format', '{{.Version.Version}}'], opts, onVersion)
}

/** Why docker cannot be used (`docker version` finds no server), or null when it works. */
export async function probeDocker(opts: ProbeOptions = {}, onVersion?: (v: string) => void): Promise<string | null> {
  return probe(opts.dockerBinary ?? 'docker', ['version', '--format', '{{.Server.Version}}'], opts, onVersion)
}

async function probe(binary: string, args: string[], opts: ProbeOptions, onVersion?: (v: string) => void): Promise<string | null> {
  const r = await execa(binary, args, {reject: false, timeout: opts.timeoutMs ?? 15_000, env: opts.env, stdin: 'ignore'})
  if (r.exitCode === 0 && String(r.stdout).trim() !== '') {
    onVersion?.(String(r.stdout).trim())
    return null
  }
  if (r.timedOut) return `\`${binary} ${args[0]}\` timed out`
  if (r.exitCode === undefined) return `${binary} cannot be run: ${firstLine(r.originalMessage ?? r.shortMessage ?? '')}`
  return `\`${binary} ${args[0]}\` failed: ${summarizeStderr(String(r.stderr)) || `exit ${r.exitCode}`}`
}

/** podman if `podman info` works, else docker if `docker version` reaches a server, else null and why. */
export async function detectRuntime(opts: ProbeOptions = {}): Promise<DetectResult> {
  let version = ''
  const podman = await probePodman(opts, v => (version = v))
  if (podman === null) return {name: 'podman', version}
  const docker = await probeDocker(opts, v => (version = v))
  if (docker === null) return {name: 'docker', version}
  return {name: null, reason: `no container runtime: podman: ${podman}; docker: ${docker}`}
}

/** Options of createRuntime: CLI options for podman/docker, fake options for the fake. */
export type CreateRuntimeOptions = CliRuntimeOptions & {fake?: FakeRuntimeOptions}

/** Creates a runtime by name. */
export function createRuntime(name: RuntimeName, opts: CreateRuntimeOptions = {}): ContainerRuntime {
  const {fake, ...cli} = opts
  switch (name) {
    case 'podman':
      return new PodmanRuntime(cli)
    case 'docker':
      return new DockerRuntime(cli)
    case 'fake':
      return new FakeRuntime(fake)
  }
}

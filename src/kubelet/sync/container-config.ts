/**
 * The runtime ContainerConfig of a pod's container (the kubelet's generateContainerConfig): command
 * and args with $(VAR) expansion, env, working dir, volume mounts (subPath / subPathExpr; API-data
 * volumes read-only), the termination message file, resources (limits.cpu/memory, requests.cpu),
 * the security context (container over pod), and annotations read back after a kubelet restart.
 */
import {createHash} from 'node:crypto'
import {join} from 'node:path'
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import {milliValue, quantityValue} from '../../api/quantity.js'
import type {ContainerConfig, ContainerResources, EnvVar, Mount} from '../../runtime/types.js'
import {expand, mappingFor} from '../env/expansion.js'
import {EnvError, expandCommand} from '../env/env.js'
import {containerAnnotation} from '../refs.js'

/** Hash of the parts of a container spec whose change restarts the container ("definition changed"). */
export function containerHash(c: Container): string {
  const {name, image, command, args, workingDir, ports, envFrom, env, volumeMounts, securityContext, tty, stdin} = c
  const stable = JSON.stringify({name, image, command, args, workingDir, ports, envFrom, env, volumeMounts, securityContext, tty, stdin})
  return createHash('sha256').update(stable).digest('hex').slice(0, 16)
}

/** What buildContainerConfig needs besides the pod and container. */
export interface ContainerBuildInput {
  env: EnvVar[]
  /** volume name → host path */
  volumePaths: Map<string, string>
  /** volumes mounted read-only whatever the mount says (configMap, secret, downwardAPI, projected) */
  readOnlyVolumes: Set<string>
  restartCount: number
  /** host file bind-mounted at terminationMessagePath */
  terminationFile?: string
}

function validSubPath(p: string): boolean {
  return !p.startsWith('/') && !p.split('/').includes('..')
}

function resources(c: Container): ContainerResources | undefined {
  const out: ContainerResources = {}
  const lim = c.resources?.limits ?? {}
  const req = c.resources?.requests ?? {}
  if (lim.cpu !== undefined) out.cpuMillis = milliValue(lim.cpu)
  if (req.cpu !== undefined) out.cpuRequestMillis = milliValue(req.cpu)
  if (lim.memory !== undefined) out.memoryBytes = quantityValue(lim.memory)
  return Object.keys(out).length ? out : undefined
}

/** Builds the runtime config; throws EnvError (CreateContainerConfigError) for impossible mounts. */
export function buildContainerConfig(pod: Pod, c: Container, input: ContainerBuildInput): ContainerConfig {
  const lookup = mappingFor(new Map(input.env.map((e) => [e.name, e.value])))
  const mounts: Mount[] = []
  for (const m of c.volumeMounts ?? []) {
    const host = input.volumePaths.get(m.name)
    if (host === undefined) throw new EnvError(`cannot find volume "${m.name}" to mount into container "${c.name}"`)
    const sub = m.subPathExpr ? expand(m.subPathExpr, lookup) : (m.subPath ?? '')
    if (sub && !validSubPath(sub)) throw new EnvError(`failed to prepare subPath for volumeMount "${m.name}" of container "${c.name}"`)
    mounts.push({hostPath: sub ? join(host, sub) : host, containerPath: m.mountPath, readOnly: m.readOnly === true || input.readOnlyVolumes.has(m.name)})
  }
  if (input.terminationFile && c.terminationMessagePath) mounts.push({hostPath: input.terminationFile, containerPath: c.terminationMessagePath})
  const {command, args} = expandCommand(c, input.env)
  const psc = pod.spec?.securityContext ?? {}
  const csc = c.securityContext ?? {}
  const sc = {
    runAsUser: csc.runAsUser ?? psc.runAsUser,
    runAsGroup: csc.runAsGroup ?? psc.runAsGroup,
    privileged: csc.privileged,
    readOnlyRootFilesystem: csc.readOnlyRootFilesystem,
  }
  const annotations: Record<string, string> = {
    [containerAnnotation.hash]: containerHash(c),
    [containerAnnotation.terminationGracePeriod]: String(pod.spec?.terminationGracePeriodSeconds ?? 30),
  }
  if (input.terminationFile) {
    annotations[containerAnnotation.terminationMessageFile] = input.terminationFile
    annotations[containerAnnotation.terminationMessagePolicy] = c.terminationMessagePolicy ?? 'File'
  }
  if (c.lifecycle?.preStop) annotations[containerAnnotation.preStopHandler] = JSON.stringify(c.lifecycle.preStop)
  const cfg: ContainerConfig = {name: c.name, image: c.image ?? '', env: input.env, mounts, annotations, restartCount: input.restartCount}
  if (command?.length) cfg.command = command
  if (args) cfg.args = args
  if (c.workingDir) cfg.workingDir = c.workingDir
  const res = resources(c)
  if (res) cfg.resources = res
  if (Object.values(sc).some((v) => v !== undefined)) cfg.securityContext = Object.fromEntries(Object.entries(sc).filter(([, v]) => v !== undefined))
  if (c.tty) cfg.tty = true
  if (c.stdin) cfg.stdin = true
  return cfg
}

/**
 * SchedulerCache: the scheduler's incremental view of the cluster (upstream's internal cache). Nodes and
 * the pods bound to them, with per-node aggregates kept up to date on every informer event, plus pods
 * *assumed* onto a node: counted as soon as the scheduler decides (before the binding is written), so the
 * next decision already sees them; confirmed when the informer shows the pod bound, dropped (forget) when
 * the binding fails. Decisions run synchronously, so the live cache is their consistent snapshot: no copy
 * and no store round-trip per decision.
 */
import type {Node} from '../api/types/node.js'
import type {Pod} from '../api/types/pod.js'
import {addPodToNode, newNodeInfo, removePodFromNode, setNode} from './nodeinfo.js'
import {podInfo} from './podinfo.js'
import type {NodeInfo, PodInfo} from './types.js'

interface PodState {
  info: PodInfo
  node: string
  /** decided by this scheduler, not yet seen bound by the informer */
  assumed: boolean
  /** the binding call has returned successfully */
  bindingFinished: boolean
}

/** Whether a pod has finished (its resources are free again). */
export function isTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase
  return phase === 'Succeeded' || phase === 'Failed'
}

function podKey(pod: Pod): string {
  return `${pod.metadata.namespace || 'default'}/${pod.metadata.name ?? ''}`
}

/** Nodes, bound pods and assumed pods, with O(1) updates per event. */
export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>()
  /** NodeInfos with a node object, in a stable order (the framework walks it round robin) */
  private readonly list: NodeInfo[] = []
  private readonly index = new Map<string, number>()
  private readonly pods = new Map<string, PodState>()

  /** Number of nodes the scheduler can consider. */
  get nodeCount(): number {
    return this.list.length
  }

  /** The nodes (with their aggregates). The array is live: do not modify it, do not keep it across events. */
  nodes(): readonly NodeInfo[] {
    return this.list
  }

  /** The NodeInfo of a node (also for nodes only known through their pods). */
  getNode(name: string): NodeInfo | undefined {
    return this.infos.get(name)
  }

  /** Adds or updates a node. */
  addNode(node: Node): void {
    const name = node.metadata.name ?? ''
    let info = this.infos.get(name)
    if (!info) {
      info = newNodeInfo(name)
      this.infos.set(name, info)
    }
    setNode(info, node)
    if (!this.index.has(name)) {
      this.index.set(name, this.list.length)
      this.list.push(info)
    }
  }

  /** Same as addNode. */
  updateNode(node: Node): void {
    this.addNode(node)
  }

  /** Removes a node; its pods stay accounted (on a node-less NodeInfo) until they are removed themselves. */
  removeNode(node: Node | string): void {
    const name = typeof node === 'string' ? node : (node.metadata.name ?? '')
    const info = this.infos.get(name)
    if (!info) return
    const i = this.index.get(name)
    if (i !== undefined) {
      const last = this.list.pop()!
      if (last !== info) {
        this.list[i] = last
        this.index.set(last.name, i)
      }
      this.index.delete(name)
    }
    info.node = undefined
    if (info.pods.size === 0) this.infos.delete(name)
  }

  private place(info: PodInfo, nodeName: string, assumed: boolean): void {
    this.remove(info.key)
    let node = this.infos.get(nodeName)
    if (!node) {
      node = newNodeInfo(nodeName)
      this.infos.set(nodeName, node)
    }
    addPodToNode(node, info)
    this.pods.set(info.key, {info, node: nodeName, assumed, bindingFinished: false})
  }

  private remove(key: string): boolean {
    const st = this.pods.get(key)
    if (!st) return false
    this.pods.delete(key)
    const node = this.infos.get(st.node)
    if (node) {
      removePodFromNode(node, key)
      if (!node.node && node.pods.size === 0) this.infos.delete(st.node)
    }
    return true
  }

  /**
   * Adds or updates a pod as the informer shows it. Bound, running pods are accounted on their node
   * (confirming an assumed pod); unbound or finished pods are removed. Returns true when a pod's resources
   * were released (it finished or left), which may make unschedulable pods schedulable.
   */
  addPod(pod: Pod): boolean {
    const nodeName = pod.spec?.nodeName
    if (!nodeName || isTerminated(pod)) {
      const key = podKey(pod)
      const st = this.pods.get(key)
      // an unbound version of a pod we assumed is a stale event: the binding is in flight
      if (st?.assumed && !nodeName) return false
      return this.remove(key)
    }
    this.place(podInfo(pod), nodeName, false)
    return false
  }

  /** Same as addPod with the new version. */
  updatePod(pod: Pod): boolean {
    return this.addPod(pod)
  }

  /** Removes a deleted pod (bound or assumed). Returns true when it was accounted. */
  removePod(pod: Pod | string): boolean {
    return this.remove(typeof pod === 'string' ? pod : podKey(pod))
  }

  /** Accounts a pod on `nodeName` before its binding is written. */
  assume(info: PodInfo, nodeName: string): void {
    this.place(info, nodeName, true)
  }

  /** Records that the binding of an assumed pod succeeded (it stays assumed until the informer confirms). */
  finishBinding(key: string): void {
    const st = this.pods.get(key)
    if (st?.assumed) st.bindingFinished = true
  }

  /** Drops an assumed pod whose binding failed. */
  forget(key: string): void {
    if (this.pods.get(key)?.assumed) this.remove(key)
  }

  /** True while a pod is assumed (decided, not yet seen bound). */
  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed === true
  }

  /** The node a pod is bound or assumed to. */
  nodeOf(key: string): string | undefined {
    return this.pods.get(key)?.node
  }

  /** Number of pods accounted (bound or assumed). */
  get podCount(): number {
    return this.pods.size
  }
}

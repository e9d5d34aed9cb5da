/**
 * Node registration and heartbeats: registers the Node (or adopts an existing one, reconciling its
 * labels), renews its Lease in kube-node-lease every heartbeat, and patches the Node status when it
 * changed or at least every nodeStatusReportFrequency (with lastHeartbeatTime). Without a usable
 * runtime the node still registers, NotReady with the reason.
 */
import type {Client} from '../../client/client.js'
import {isAlreadyExists, isNotFound} from '../../client/errors.js'
import type {Node, NodeStatus} from '../../api/types/node.js'
import type {Lease} from '../../api/types/coordination.js'
import type {ContainerRuntime, ImageInfo} from '../../runtime/types.js'
import {nowMicroTime, nowRfc3339} from '../../util/time.js'
import type {ResolvedKubeletConfig} from '../config.js'
import {leasesRef, nodeLeaseNamespace, nodesRef} from '../refs.js'
import type {MachineInfo} from './machine.js'
import {newNode, nodeLabels, nodeStatus, nodeStatusChanged, type RuntimeFacts} from './status.js'

/** Registers the node and keeps its status and lease fresh. */
export class NodeAgent {
  private node: Node | undefined
  private lastStatus: NodeStatus | undefined
  private lastReport = 0
  private images: ImageInfo[] = []
  private imagesAt = 0
  private runtimeVersion = ''
  private lastError = ''

  constructor(
    private readonly client: Client,
    private readonly cfg: ResolvedKubeletConfig,
    private readonly runtime: ContainerRuntime | null,
    private readonly machine: MachineInfo,
  ) {}

  /** The Node as last written or read (undefined before registration). */
  get registered(): Node | undefined {
    return this.node
  }

  /** One heartbeat: register if needed, renew the lease, report the status if due. Never throws. */
  async heartbeat(): Promise<void> {
    try {
      const facts = await this.runtimeFacts()
      if (!this.node) await this.register(facts)
      else await this.reportStatus(facts, false)
      await this.renewLease()
      this.lastError = ''
    } catch (e) {
      const msg = (e as Error).message
      if (msg !== this.lastError) this.cfg.log(`node heartbeat failed: ${msg}`)
      this.lastError = msg
    }
  }

  private async runtimeFacts(): Promise<RuntimeFacts> {
    if (!this.runtime) return {version: '', ready: false, message: this.cfg.runtimeUnavailableReason ?? 'no container runtime is available'}
    if (!this.runtimeVersion) {
      const v = await this.runtime.version().catch(() => undefined)
      if (v) this.runtimeVersion = `${v.name}://${v.version}`
    }
    const r = await this.runtime.ready().catch((e: Error) => ({ok: false, message: e.message}))
    return {version: this.runtimeVersion, ready: r.ok, message: r.message}
  }

  private async refreshImages(force: boolean): Promise<void> {
    if (!this.runtime) return
    if (!force && Date.now() - this.imagesAt < this.cfg.nodeStatusReportFrequencyMs) return
    this.images = await this.runtime.listImages().catch(() => this.images)
    this.imagesAt = Date.now()
  }

  private buildStatus(facts: RuntimeFacts): NodeStatus {
    return nodeStatus({
      nodeName: this.cfg.nodeName,
      nodeIP: this.cfg.nodeIP,
      kubeletPort: this.cfg.kubeletPort,
      machine: this.machine,
      capacity: this.cfg.capacity,
      runtime: facts,
      images: this.images,
      now: nowRfc3339(),
      oldConditions: this.node?.status?.conditions,
    })
  }

  private async register(facts: RuntimeFacts): Promise<void> {
    await this.refreshImages(true)
    const labels = nodeLabels(this.cfg.nodeName, this.machine, this.cfg.labels)
    try {
      this.node = await this.client.create<Node>(nodesRef, newNode(this.cfg.nodeName, labels, this.cfg.taints, this.buildStatus(facts)))
      this.cfg.log(`registered node ${this.cfg.nodeName}`)
    } catch (e) {
      if (!isAlreadyExists(e)) throw e
      let existing = await this.client.get<Node>(nodesRef, this.cfg.nodeName)
      const missing = Object.entries(labels).filter(([k, v]) => existing.metadata.labels?.[k] !== v)
      if (missing.length) existing = await this.client.patch<Node>(nodesRef, this.cfg.nodeName, {metadata: {labels: Object.fromEntries(missing)}}, 'merge')
      this.node = existing
    }
    await this.reportStatus(facts, true)
  }

  private async reportStatus(facts: RuntimeFacts, force: boolean): Promise<void> {
    await this.refreshImages(false)
    const status = this.buildStatus(facts)
    const due = Date.now() - this.lastReport >= this.cfg.nodeStatusReportFrequencyMs
    if (!force && !due && !nodeStatusChanged(this.lastStatus, status)) return
    const {capacity, allocatable, conditions, addresses, daemonEndpoints, nodeInfo, images} = status
    try {
      this.node = await this.client.patch<Node>(nodesRef, this.cfg.nodeName, {status: {capacity, allocatable, conditions, addresses, daemonEndpoints, nodeInfo, images}}, 'merge', undefined, {subresource: 'status'})
    } catch (e) {
      if (isNotFound(e)) this.node = undefined // deleted: register again on the next heartbeat
      throw e
    }
    this.lastStatus = status
    this.lastReport = Date.now()
  }

  private async renewLease(): Promise<void> {
    const node = this.node
    if (!node?.metadata.uid) return
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.cfg.nodeName,
        namespace: nodeLeaseNamespace,
        ownerReferences: [{apiVersion: 'v1', kind: 'Node', name: this.cfg.nodeName, uid: node.metadata.uid}],
      },
      spec: {holderIdentity: this.cfg.nodeName, leaseDurationSeconds: this.cfg.leaseDurationSeconds, renewTime: nowMicroTime()},
    }
    await this.client.update<Lease>(leasesRef, lease, nodeLeaseNamespace)
  }
}

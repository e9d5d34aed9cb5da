/**
 * The garbage collector: watches every resource that can own or be owned, keeps the dependency Graph,
 * and — always after live reads, never on a possibly stale cache — deletes dependents whose owners are
 * gone (Background), deletes dependents of owners deleting in the foreground before removing their
 * `foregroundDeletion` finalizer, and strips references from dependents of owners deleting with
 * `orphan` before removing that finalizer.
 */
import type {KubeObject} from '../../api/meta.js'
import {groupVersionOf, resources as registryResources} from '../../api/registry.js'
import type {ResourceDef} from '../../api/resource.js'
import type {Client} from '../../client/client.js'
import {isConflict, isNotFound} from '../../client/errors.js'
import {WorkQueue} from '../../client/workqueue.js'
import type {Controller, ControllerContext} from '../types.js'
import {removeOwnerRefsPatch} from '../common/controller-ref.js'
import {groupOf} from '../common/refs.js'
import {runQueue} from '../common/run.js'
import {decideDependent, decideForegroundOwner, unblockOwnerRefsPatch, type ClassifiedOwner} from './decide.js'
import {foregroundFinalizer, Graph, orphanFinalizer, type GraphChange, type GraphNode, type GraphWork, type Identity} from './graph.js'

/** Resources the collector does not watch (upstream ignores events: they are never owners nor owned). */
export const ignoredResources: ReadonlySet<string> = new Set(['/events', 'events.k8s.io/events'])

/** Options of the garbage collector. */
export interface GarbageCollectorOptions {
  /** resources to watch (default: every resource of the registry but ignoredResources) */
  resources?: readonly ResourceDef[]
  /** resources owners are looked up in (default: the registry's) */
  kinds?: readonly ResourceDef[]
}

/** Cascading deletion through ownerReferences. */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector'
  readonly graph: Graph
  /** uids of nodes to examine (attemptToDelete) */
  readonly deleteQueue = new WorkQueue<string>()
  /** uids of owners whose dependents must be orphaned (attemptToOrphan) */
  readonly orphanQueue = new WorkQueue<string>()
  private readonly resources: readonly ResourceDef[]
  private readonly kinds: readonly ResourceDef[]
  private readonly polls = new Map<string, number>()
  private readonly unknownKinds = new Set<string>()
  private ctx!: ControllerContext

  constructor(opts: GarbageCollectorOptions = {}) {
    this.resources = (opts.resources ?? registryResources).filter((r) => !ignoredResources.has(`${r.group}/${r.resource}`))
    this.kinds = opts.kinds ?? registryResources
    this.graph = new Graph((apiVersion, kind) => this.defFor(apiVersion, kind)?.namespaced ?? true)
  }

  start(ctx: ControllerContext): void {
    this.ctx = ctx
    for (const def of this.resources) {
      // the graph needs metadata only: owners, uids, finalizers (as upstream's metadata informers)
      ctx.informers.informer(def, {metadataOnly: true}).addHandlers({
        onAdd: (o) => this.observe('add', def, o),
        onUpdate: (old, o) => {
          // a re-list may show a deleted-and-recreated namesake as an update
          if (old.metadata.uid !== o.metadata.uid) {
            this.observe('delete', def, old)
            this.observe('add', def, o)
          } else this.observe('update', def, o, old)
        },
        onDelete: (o) => this.observe('delete', def, o),
      })
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    const opts = {name: this.name, log: this.ctx.log}
    const workers = this.ctx.options.workers
    await Promise.all([
      runQueue(this.deleteQueue, workers, (uid) => this.attemptToDelete(uid), signal, opts),
      runQueue(this.orphanQueue, workers, (uid) => this.attemptToOrphan(uid), signal, opts),
    ])
  }

  private get client(): Client {
    return this.ctx.client
  }

  /** The resource of an apiVersion/kind (matching group and kind; any served version). */
  private defFor(apiVersion: string, kind: string): ResourceDef | undefined {
    const group = groupOf(apiVersion)
    return this.kinds.find((r) => groupVersionOf(r) === apiVersion && r.kind === kind) ?? this.kinds.find((r) => r.group === group && r.kind === kind)
  }

  private identityOf(def: ResourceDef, o: KubeObject): Identity {
    return {apiVersion: groupVersionOf(def), kind: def.kind, name: o.metadata.name ?? '', namespace: def.namespaced ? (o.metadata.namespace ?? '') : '', uid: o.metadata.uid ?? ''}
  }

  private observe(type: GraphChange['type'], def: ResourceDef, obj: KubeObject, oldObj?: KubeObject): void {
    if (!obj.metadata.uid) return
    this.apply(this.graph.processChange({type, identity: this.identityOf(def, obj), obj, oldObj}))
  }

  private apply(work: GraphWork): void {
    for (const n of work.attemptToDelete) this.deleteQueue.add(n.identity.uid)
    for (const n of work.attemptToOrphan) this.orphanQueue.add(n.identity.uid)
  }

  /** Reads an object live; undefined when absent (or replaced: other uid); 'unknown' for kinds not served. */
  private async getLive(id: Identity): Promise<KubeObject | undefined | 'unknown'> {
    const def = this.defFor(id.apiVersion, id.kind)
    if (!def) {
      const k = `${id.apiVersion}/${id.kind}`
      if (!this.unknownKinds.has(k)) this.ctx.log(`${this.name}: cannot look up owner kind ${k}: not served; its dependents are kept`)
      this.unknownKinds.add(k)
      return 'unknown'
    }
    if (def.namespaced && !id.namespace) return undefined
    try {
      const o = await this.client.get(def, id.name, def.namespaced ? id.namespace : undefined)
      return o.metadata.uid === id.uid ? o : undefined
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw err
    }
  }

  /** Examines one node (attemptToDeleteItem); virtual nodes are polled until observed or proven absent. */
  async attemptToDelete(uid: string): Promise<void> {
    const node = this.graph.get(uid)
    if (!node) return
    if (node.beingDeleted && !node.deletingDependents) return
    const latest = await this.getLive(node.identity)
    if (latest === 'unknown') return
    if (latest === undefined) {
      // gone (or replaced): remove it from the graph, which queues its dependents
      this.polls.delete(uid)
      node.virtual = false
      this.apply(this.graph.processChange({type: 'delete', identity: node.identity, virtual: true}))
      return
    }
    if (node.deletingDependents) await this.processDeletingDependents(node)
    else await this.processDependent(node, latest)
    if (node.virtual && this.graph.get(uid) === node) {
      const n = this.polls.get(uid) ?? 0
      this.polls.set(uid, n + 1)
      this.deleteQueue.addAfter(uid, Math.min(5 * 2 ** n, 60_000))
    } else this.polls.delete(uid)
  }

  private async processDependent(node: GraphNode, latest: KubeObject): Promise<void> {
    const owners: ClassifiedOwner[] = []
    for (const ref of latest.metadata.ownerReferences ?? []) {
      const id = this.graph.ownerIdentity(ref, node.identity)
      let owner: KubeObject | undefined | 'unknown'
      if (this.graph.isAbsent(id)) owner = undefined
      else {
        owner = await this.getLive(id)
        if (owner === undefined) this.graph.markAbsent(id)
      }
      const state = owner === undefined ? 'dangling' : owner !== 'unknown' && owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(foregroundFinalizer) ? 'waiting' : 'solid'
      owners.push({ref, state})
    }
    const action = decideDependent(latest, owners, node)
    const def = this.defFor(node.identity.apiVersion, node.identity.kind)!
    const ns = def.namespaced ? node.identity.namespace : undefined
    try {
      if (action.type === 'removeOwnerRefs') {
        await this.client.patch(def, node.identity.name, removeOwnerRefsPatch(latest, action.uids), 'strategic', ns)
      } else if (action.type === 'delete') {
        if (action.unblock) await this.client.patch(def, node.identity.name, unblockOwnerRefsPatch(node), 'strategic', ns)
        await this.client.delete(def, node.identity.name, ns, {propagationPolicy: action.policy, preconditions: {uid: node.identity.uid}})
      }
    } catch (err) {
      // gone or replaced meanwhile: informer events will tell the graph
      if (!isNotFound(err) && !isConflict(err)) throw err
    }
  }

  private async processDeletingDependents(node: GraphNode): Promise<void> {
    const action = decideForegroundOwner(node)
    if (action.type === 'removeFinalizer') return this.removeFinalizer(node, foregroundFinalizer)
    for (const dep of action.dependents) this.deleteQueue.add(dep.identity.uid)
  }

  /** Strips the owner's references from its dependents, then its `orphan` finalizer (attemptToOrphan). */
  async attemptToOrphan(uid: string): Promise<void> {
    const owner = this.graph.get(uid)
    if (!owner) return
    const errors: string[] = []
    await Promise.all(
      [...owner.dependents].map(async (dep) => {
        const def = this.defFor(dep.identity.apiVersion, dep.identity.kind)
        if (!def) return
        try {
          await this.client.patch(def, dep.identity.name, removeOwnerRefsPatch({metadata: {uid: dep.identity.uid}}, [uid]), 'strategic', def.namespaced ? dep.identity.namespace : undefined)
        } catch (err) {
          if (!isNotFound(err)) errors.push(`orphaning ${dep.identity.kind} ${dep.identity.name}: ${(err as Error).message}`)
        }
      }),
    )
    if (errors.length) throw new Error(errors.join('; '))
    await this.removeFinalizer(owner, orphanFinalizer)
  }

  /** Removes `finalizer` from the live object (merge patch with a resourceVersion precondition, retried on conflicts). */
  private async removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    const def = this.defFor(node.identity.apiVersion, node.identity.kind)
    if (!def) return
    const ns = def.namespaced ? node.identity.namespace : undefined
    for (let attempt = 0; ; attempt++) {
      const live = await this.getLive(node.identity)
      if (!live || live === 'unknown') return
      const fins = live.metadata.finalizers ?? []
      if (!fins.includes(finalizer)) return
      const rest = fins.filter((f) => f !== finalizer)
      try {
        await this.client.patch(def, node.identity.name, {metadata: {resourceVersion: live.metadata.resourceVersion, finalizers: rest.length ? rest : null}}, 'merge', ns)
        return
      } catch (err) {
        if (!isConflict(err) || attempt >= 4) throw err
      }
    }
  }
}

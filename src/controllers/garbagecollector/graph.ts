/**
 * The garbage collector's dependency graph (GraphBuilder): every object seen by the informers, keyed by
 * uid, with its ownerReferences and the objects that name it as owner. Owners only known from
 * references are "virtual" nodes until an informer shows them (or a live read proves them absent).
 * processChange() applies one informer event and answers which nodes must be looked at.
 */
import type {KubeObject, OwnerReference} from '../../api/meta.js'

/** Coordinates of an object (or of an owner as a reference names it). namespace '' = cluster-scoped. */
export interface Identity {
  apiVersion: string
  kind: string
  name: string
  namespace: string
  uid: string
}

/** One object of the graph. */
export interface GraphNode {
  identity: Identity
  owners: OwnerReference[]
  dependents: Set<GraphNode>
  /** known only as an owner, not (yet) observed through an informer */
  virtual: boolean
  /** has a deletionTimestamp */
  beingDeleted: boolean
  /** being deleted with the foregroundDeletion finalizer: waits for its blocking dependents */
  deletingDependents: boolean
}

/** A change to apply: an informer event, or a "virtual" delete the collector issues after a live read. */
export interface GraphChange {
  type: 'add' | 'update' | 'delete'
  identity: Identity
  /** the object (absent for virtual deletes) */
  obj?: KubeObject
  oldObj?: KubeObject
  virtual?: boolean
}

/** Nodes to process after a change. */
export interface GraphWork {
  attemptToDelete: Set<GraphNode>
  attemptToOrphan: Set<GraphNode>
}

/** The finalizer asking the collector to delete dependents first (propagationPolicy Foreground). */
export const foregroundFinalizer = 'foregroundDeletion'
/** The finalizer asking the collector to orphan dependents first (propagationPolicy Orphan). */
export const orphanFinalizer = 'orphan'

const beingDeleted = (o: KubeObject | undefined) => !!o?.metadata.deletionTimestamp
const hasFinalizer = (o: KubeObject | undefined, f: string) => !!o?.metadata.finalizers?.includes(f)

/** `obj` has just started deletion with finalizer `f` (it did not have both before). */
function startsDeletionWith(old: KubeObject | undefined, obj: KubeObject | undefined, f: string): boolean {
  if (!beingDeleted(obj) || !hasFinalizer(obj, f)) return false
  return !old || !beingDeleted(old) || !hasFinalizer(old, f)
}

/** Same object coordinates (uid, name, kind, apiVersion, namespace). */
export function sameIdentity(a: Identity, b: Identity): boolean {
  return a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion && a.namespace === b.namespace
}

/** Dependents whose reference to `owner.uid` names `owner` by these coordinates, and those that do not. */
export function partitionDependents(dependents: Iterable<GraphNode>, owner: Identity): [GraphNode[], GraphNode[]] {
  const match: GraphNode[] = []
  const other: GraphNode[] = []
  for (const dep of dependents) {
    const ref = dep.owners.find((o) => o.uid === owner.uid)
    const ok = !!ref && ref.name === owner.name && ref.kind === owner.kind && ref.apiVersion === owner.apiVersion && (!owner.namespace || dep.identity.namespace === owner.namespace)
    ;(ok ? match : other).push(dep)
  }
  return [match, other]
}

/** Dependents whose reference to `node` has blockOwnerDeletion: a foreground deletion waits for them. */
export function blockingDependents(node: GraphNode): GraphNode[] {
  return [...node.dependents].filter((d) => d.owners.some((o) => o.uid === node.identity.uid && o.blockOwnerDeletion === true))
}

/** The owner→dependents graph. */
export class Graph {
  private readonly nodes = new Map<string, GraphNode>()
  /** owner identities verified absent (a bounded cache saving live reads) */
  readonly absentOwners = new Map<string, Identity>()

  constructor(
    /** whether an owner kind is namespaced (a reference to a cluster-scoped owner carries no namespace) */
    private readonly namespaced: (apiVersion: string, kind: string) => boolean = () => true,
  ) {}

  /** The node of `uid`. */
  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid)
  }

  /** Number of nodes. */
  get size(): number {
    return this.nodes.size
  }

  /** Records an owner identity as verified absent. */
  markAbsent(id: Identity): void {
    this.absentOwners.delete(id.uid)
    this.absentOwners.set(id.uid, id)
    if (this.absentOwners.size > 500) this.absentOwners.delete(this.absentOwners.keys().next().value!)
  }

  /** Whether a reference points at an owner verified absent. */
  isAbsent(id: Identity): boolean {
    const a = this.absentOwners.get(id.uid)
    return !!a && sameIdentity(a, id)
  }

  /** The identity an ownerReference of `dependent` designates. */
  ownerIdentity(ref: OwnerReference, dependent: Identity): Identity {
    return {apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: this.namespaced(ref.apiVersion, ref.kind) ? dependent.namespace : ''}
  }

  /** Applies one change (processGraphChanges) and returns the nodes to process. */
  processChange(ch: GraphChange): GraphWork {
    const work: GraphWork = {attemptToDelete: new Set(), attemptToOrphan: new Set()}
    const existing = this.nodes.get(ch.identity.uid)
    if (existing && !ch.virtual && ch.type !== 'delete' && existing.virtual) {
      // first sight of an owner known only from references: dependents naming it wrongly are suspect
      if (!sameIdentity(existing.identity, ch.identity)) {
        for (const dep of partitionDependents(existing.dependents, ch.identity)[1]) work.attemptToDelete.add(dep)
        existing.identity = ch.identity
      }
      existing.virtual = false
    }
    if (ch.type !== 'delete' && !existing) {
      const node: GraphNode = {
        identity: ch.identity,
        owners: [...(ch.obj?.metadata.ownerReferences ?? [])],
        dependents: new Set(),
        virtual: false,
        beingDeleted: beingDeleted(ch.obj),
        deletingDependents: beingDeleted(ch.obj) && hasFinalizer(ch.obj, foregroundFinalizer),
      }
      this.nodes.set(node.identity.uid, node)
      this.addToOwners(node, node.owners, work)
      this.transitions(ch, node, work)
    } else if (ch.type !== 'delete' && existing) {
      const next = ch.obj?.metadata.ownerReferences ?? []
      const before = new Map(existing.owners.map((o) => [o.uid, o]))
      const after = new Map(next.map((o) => [o.uid, o]))
      const added = next.filter((o) => !before.has(o.uid))
      const removed = existing.owners.filter((o) => !after.has(o.uid))
      for (const o of removed) if (o.blockOwnerDeletion) this.addIfPresent(o.uid, work.attemptToDelete)
      for (const o of existing.owners) {
        const now = after.get(o.uid)
        if (now && o.blockOwnerDeletion === true && now.blockOwnerDeletion !== true) this.addIfPresent(o.uid, work.attemptToDelete)
      }
      existing.owners = [...next]
      this.addToOwners(existing, added, work)
      for (const o of removed) this.nodes.get(o.uid)?.dependents.delete(existing)
      if (beingDeleted(ch.obj)) existing.beingDeleted = true
      this.transitions(ch, existing, work)
    } else if (ch.type === 'delete' && existing) {
      this.processDelete(ch, existing, work)
    }
    return work
  }

  private addIfPresent(uid: string, into: Set<GraphNode>): void {
    const n = this.nodes.get(uid)
    if (n) into.add(n)
  }

  private addToOwners(node: GraphNode, owners: readonly OwnerReference[], work: GraphWork): void {
    for (const ref of owners) {
      let owner = this.nodes.get(ref.uid)
      if (!owner) {
        owner = {identity: this.ownerIdentity(ref, node.identity), owners: [], dependents: new Set(), virtual: true, beingDeleted: false, deletingDependents: false}
        this.nodes.set(ref.uid, owner)
        // a live read will tell whether this owner exists
        work.attemptToDelete.add(owner)
      }
      owner.dependents.add(node)
    }
  }

  private transitions(ch: GraphChange, node: GraphNode, work: GraphWork): void {
    if (startsDeletionWith(ch.oldObj, ch.obj, orphanFinalizer)) {
      work.attemptToOrphan.add(node)
      return
    }
    if (startsDeletionWith(ch.oldObj, ch.obj, foregroundFinalizer)) {
      node.deletingDependents = true
      for (const dep of node.dependents) work.attemptToDelete.add(dep)
      work.attemptToDelete.add(node)
    }
  }

  private processDelete(ch: GraphChange, existing: GraphNode, work: GraphWork): void {
    if (ch.virtual) {
      const [match, other] = partitionDependents(existing.dependents, ch.identity)
      if (existing.virtual ? other.length > 0 : !sameIdentity(existing.identity, ch.identity)) {
        // dependents disagree about the owner's coordinates: only those naming the absent ones are orphaned
        if (match.length) {
          this.markAbsent(ch.identity)
          for (const dep of match) work.attemptToDelete.add(dep)
        }
        if (existing.virtual && sameIdentity(existing.identity, ch.identity)) {
          for (const dep of other) {
            const alt = dep.owners.find((o) => o.uid === existing.identity.uid)
            if (!alt) continue
            existing.identity = this.ownerIdentity(alt, dep.identity)
            work.attemptToDelete.add(existing)
            break
          }
        }
        return
      }
    }
    this.nodes.delete(existing.identity.uid)
    for (const o of existing.owners) this.nodes.get(o.uid)?.dependents.delete(existing)
    if (existing.dependents.size) this.markAbsent(ch.identity)
    for (const dep of existing.dependents) work.attemptToDelete.add(dep)
    // an owner deleting in the foreground may be waiting for this one
    for (const o of existing.owners) {
      const owner = this.nodes.get(o.uid)
      if (owner?.deletingDependents) work.attemptToDelete.add(owner)
    }
  }
}

import {afterEach, describe, expect, it} from 'vitest'
import {ApiError} from '../../api/errors.js'
import type {Deployment, ReplicaSet} from '../../api/types/apps.js'
import type {Pod} from '../../api/types/pod.js'
import {nowRfc3339} from '../../util/time.js'
import {FakeCluster, until} from '../common/testing.js'
import {deploymentsRef, podsRef, replicaSetsRef} from '../common/refs.js'
import {ReplicaSetController} from '../replicaset/controller.js'
import {DeploymentController} from './controller.js'
import {computeHash} from './hash.js'
import {rollbackPatch, rollbackTemplate} from './rollback.js'

function newDeployment(replicas: number, image = 'nginx:1'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'web', namespace: 'default'},
    spec: {replicas, selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'c', image}]}}},
  }
}

const stops: AbortController[] = []
afterEach(() => {
  for (const s of stops.splice(0)) s.abort()
})

/** A cluster running the deployment and replicaset controllers and a kubelet that makes every new pod ready. */
function running(opts: {kubelet?: boolean} = {}) {
  const cluster = new FakeCluster()
  const ctx = cluster.context()
  const dc = new DeploymentController()
  const rsc = new ReplicaSetController()
  dc.start(ctx)
  rsc.start(ctx)
  let maxPods = 0
  const live = () => cluster.list<Pod>(podsRef, 'default').filter((p) => !p.metadata.deletionTimestamp)
  cluster.factory.informer<Pod>(podsRef).addHandlers({
    onAdd: (pod) => {
      maxPods = Math.max(maxPods, live().length)
      if (opts.kubelet === false) return
      setTimeout(() => {
        const cur = cluster.find<Pod>(podsRef, pod.metadata.name!, 'default')
        if (!cur) return
        cur.spec!.nodeName = 'n1'
        cur.status = {phase: 'Running', conditions: [{type: 'Ready', status: 'True', lastTransitionTime: nowRfc3339()}]}
        cluster.put(podsRef, cur)
      }, 1)
    },
  })
  const stop = new AbortController()
  stops.push(stop)
  void dc.run(stop.signal)
  void rsc.run(stop.signal)
  const deploy = () => cluster.find<Deployment>(deploymentsRef, 'web', 'default')!
  const rss = () => cluster.list<ReplicaSet>(replicaSetsRef, 'default')
  const complete = () => {
    const d = deploy()
    const s = d.status
    return (
      s?.observedGeneration === d.metadata.generation &&
      s?.updatedReplicas === d.spec!.replicas &&
      s?.availableReplicas === d.spec!.replicas &&
      s?.replicas === d.spec!.replicas &&
      s?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'NewReplicaSetAvailable') === true
    )
  }
  return {cluster, deploy, rss, complete, maxPods: () => maxPods, resetMax: () => (maxPods = live().length)}
}

describe('DeploymentController with the ReplicaSet controller', () => {
  it('rolls out, updates and rolls back a Deployment', async () => {
    const t = running()
    t.cluster.seed(deploymentsRef, newDeployment(3))
    await until(t.complete, 3000, 'first rollout')
    expect(t.rss()).toHaveLength(1)
    const first = t.rss()[0]
    expect(t.deploy().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
    expect(t.deploy().status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True')
    const created = (await t.cluster.events()).filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message)
    expect(created).toEqual([`Scaled up replica set ${first.metadata.name} to 3`])

    // a template change rolls out through a second ReplicaSet within maxSurge (25% of 3 → 1)
    t.resetMax()
    const d = t.deploy()
    d.spec!.template.spec!.containers[0].image = 'nginx:2'
    await t.cluster.client.update(deploymentsRef, d)
    await until(t.complete, 5000, 'second rollout')
    expect(t.maxPods()).toBeLessThanOrEqual(4)
    const second = t.rss().find((rs) => rs.metadata.uid !== first.metadata.uid)!
    expect(second.spec?.replicas).toBe(3)
    expect(t.rss().find((rs) => rs.metadata.uid === first.metadata.uid)!.spec?.replicas).toBe(0)
    expect(t.deploy().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2')
    const messages = (await t.cluster.events()).map((e) => e.message)
    expect(messages).toContain(`Scaled down replica set ${first.metadata.name} to 0 from 1`)

    // rollout undo: copy revision 1's template back
    const rb = rollbackTemplate(t.deploy(), t.rss())
    expect(rb.revision).toBe(1)
    await t.cluster.client.patch(deploymentsRef, 'web', rollbackPatch(rb), 'json', 'default')
    await until(t.complete, 5000, 'rollback')
    const back = t.rss().find((rs) => rs.metadata.uid === first.metadata.uid)!
    expect(back.spec?.replicas).toBe(3)
    expect(back.metadata.annotations).toMatchObject({'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1'})
    expect(t.rss()).toHaveLength(2)
  })

  it('bumps collisionCount when the new ReplicaSet name is taken by a foreign ReplicaSet', async () => {
    const t = running()
    // the controllers must not see the Deployment before the squatter exists
    t.cluster.hold()
    const [d] = t.cluster.seed(deploymentsRef, newDeployment(1)) as Deployment[]
    const hash = computeHash(d.spec!.template)
    const squatter: ReplicaSet = {
      metadata: {name: `web-${hash}`, namespace: 'default', labels: {app: 'other'}},
      spec: {replicas: 0, selector: {matchLabels: {app: 'other'}}, template: {metadata: {labels: {app: 'other'}}, spec: {containers: [{name: 'c', image: 'x'}]}}},
    }
    t.cluster.seed(replicaSetsRef, squatter)
    t.cluster.resume()
    await until(t.complete, 3000, 'rollout despite the collision')
    expect(t.deploy().status?.collisionCount).toBe(1)
    const mine = t.rss().find((rs) => rs.metadata.name !== squatter.metadata.name)!
    expect(mine.metadata.name).toBe(`web-${computeHash(d.spec!.template, 1)}`)
  })

  it('reports ReplicaSetCreateError when the new ReplicaSet cannot be created', async () => {
    const t = running()
    t.cluster.failOn('create', 'replicasets', new ApiError({code: 403, reason: 'Forbidden', message: 'quota exceeded'}), 1)
    t.cluster.seed(deploymentsRef, newDeployment(1))
    await until(() => t.cluster.actionsOf('create', 'replicasets').length >= 1, 2000, 'a create attempt')
    await until(() => t.complete(), 3000, 'recovery after the failure')
    const events = await t.cluster.events()
    expect(events.find((e) => e.reason === 'ReplicaSetCreateError')).toMatchObject({type: 'Warning'})
    expect(events.find((e) => e.reason === 'ReplicaSetCreateError')!.message).toMatch(/^Failed to create new replica set "web-\w+": quota exceeded$/)
  })

  it('adopts a matching orphan ReplicaSet instead of creating one', async () => {
    const t = running()
    const d = newDeployment(2)
    const hash = computeHash(d.spec!.template)
    t.cluster.seed(replicaSetsRef, {
      metadata: {name: 'web-legacy', namespace: 'default', labels: {app: 'web', 'pod-template-hash': hash}},
      spec: {replicas: 2, selector: {matchLabels: {app: 'web', 'pod-template-hash': hash}}, template: {metadata: {labels: {app: 'web', 'pod-template-hash': hash}}, spec: {containers: [{name: 'c', image: 'nginx:1'}]}}},
    })
    const [dep] = t.cluster.seed(deploymentsRef, d)
    await until(t.complete, 3000, 'adoption')
    expect(t.rss()).toHaveLength(1)
    expect(t.rss()[0].metadata.ownerReferences).toEqual([{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: dep.metadata.uid, controller: true, blockOwnerDeletion: true}])
    expect(t.rss()[0].metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
  })
})

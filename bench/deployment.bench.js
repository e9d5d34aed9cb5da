/**
 * Deployment roll-out on real podman: a Deployment of 50 replicas → all 50 pods Ready.
 *
 * Method. Same cluster as pod-start: a master child (`mkube master start --no-node`, scheduler and
 * controllers) and one in-process node agent `bench-node` (node IP 127.0.0.62, podman, no proxy). One
 * untimed warm-up pod first (created, Running, deleted). Then a Deployment of R busybox replicas
 * (localhost/busybox:latest, IfNotPresent, `sleep 3600`, no service account token, no service links) is
 * created; the wall time runs from the start of the create call until a pod watch (opened before) has
 * seen R distinct pods of the Deployment Running with Ready=True. Also reported: when the first pod
 * was Ready, and the time from the create call to each pod's Ready (its spread shows how much the
 * node serialises the pod starts). R = 50 (--quick 10). No target (informational): with podman's CLI
 * each pod costs a handful of podman invocations on a 2-core machine. The run gives up after 6 min
 * (--quick 3 min) and then reports how many pods were Ready and why the others wait. Cleanup: the
 * Deployment is deleted (foreground), then any podman object labelled with the node's name is
 * force-removed. Without podman: "pending: podman not usable".
 */
import {busyboxDeployment, DEPLOYMENTS, isPodReady, podmanProblem, PODS, removeNodeContainers, startAgent, startBenchMaster, waitFor, watchPods, busyboxPod} from './lib/cluster.js'
import {metric, round} from './lib/stats.js'

export const name = 'deployment'
export const title = 'Deployment of 50 replicas → all Ready'
export const method =
  'master child + in-process node agent (podman, bench-node on 127.0.0.62); Deployment of R busybox replicas, create call → R pods Running+Ready seen on a watch; R=50 (--quick 10)'

const NODE = 'bench-node'
const NODE_IP = '127.0.0.62'

export async function run({quick, log}) {
  const problem = await podmanProblem()
  if (problem) return {params: {}, metrics: [metric({metric: 'Deployment → all Ready', unit: 'ms', status: 'pending', note: problem})]}
  const replicas = quick ? 10 : 50
  const ns = 'default'
  await removeNodeContainers(NODE)
  const master = await startBenchMaster()
  let node
  let watch
  try {
    node = await startAgent(master, {nodeName: NODE, nodeIP: NODE_IP})
    if (!node.agent.runtime) throw new Error(`the node has no runtime: ${node.agent.runtimeProblem}`)
    const readyAt = new Map()
    watch = await watchPods(master.client, {namespace: ns}, (p, at) => {
      if (isPodReady(p) && !readyAt.has(p.metadata.name)) readyAt.set(p.metadata.name, {at, app: p.metadata.labels?.app})
    })
    // warm-up: one pod through the whole path (image inspect, first podman pod)
    await master.client.create(PODS, busyboxPod('warm-up', {namespace: ns}), ns)
    await waitFor('warm-up pod Ready', () => readyAt.has('warm-up'), 60_000)
    await master.client.delete(PODS, 'warm-up', ns, {gracePeriodSeconds: 0})
    await waitFor('warm-up pod gone', async () => (await master.client.list(PODS, {namespace: ns})).items.length === 0, 60_000, 200)

    const t0 = performance.now()
    await master.client.create(DEPLOYMENTS, busyboxDeployment('bench-web', replicas, {namespace: ns}), ns)
    const ready = () => [...readyAt.values()].filter((v) => v.app === 'bench-web')
    let lastLogged = 0
    try {
      await waitFor(`${replicas} pods Ready`, () => {
        const k = ready().length
        if (k >= lastLogged + 10) log(`${(lastLogged = k)}/${replicas} Ready after ${round((performance.now() - t0) / 1000)} s`)
        return k >= replicas
      }, (quick ? 3 : 6) * 60_000, 20)
    } catch (e) {
      // report how far it got and why the rest waits (e.g. the image was removed by someone else meanwhile)
      const reasons = {}
      for (const p of (await master.client.list(PODS, {namespace: ns, labelSelector: 'app=bench-web'})).items) {
        for (const c of p.status?.containerStatuses ?? []) if (c.state?.waiting?.reason) reasons[c.state.waiting.reason] = (reasons[c.state.waiting.reason] ?? 0) + 1
      }
      const note = `${e.message}: ${ready().length} of ${replicas} Ready; waiting: ${JSON.stringify(reasons)}`
      log(note)
      return {params: {replicas, node: NODE, nodeIP: NODE_IP, completed: false}, metrics: [metric({metric: `Deployment of ${replicas} → all Ready (wall)`, status: 'not measured', note})]}
    }
    const perPod = ready().map((v) => v.at - t0).sort((a, b) => a - b)
    const wall = perPod[replicas - 1]
    return {
      params: {replicas, node: NODE, nodeIP: NODE_IP, image: 'localhost/busybox:latest'},
      metrics: [
        metric({metric: `Deployment of ${replicas} → all Ready (wall)`, unit: 'ms', samples: [wall], note: 'create call → last pod Ready on the watch'}),
        metric({metric: 'Deployment create → first pod Ready', unit: 'ms', samples: [perPod[0]]}),
        metric({metric: 'Deployment create → each pod Ready', unit: 'ms', samples: perPod, note: 'one sample per pod'}),
        metric({metric: 'pods Ready per second (overall)', unit: '/s', better: 'higher', samples: [(replicas * 1000) / wall], value: (replicas * 1000) / wall}),
      ],
    }
  } finally {
    watch?.stop()
    await master.client.delete(DEPLOYMENTS, 'bench-web', ns, {propagationPolicy: 'Foreground', gracePeriodSeconds: 0}).catch(() => undefined)
    await master.client.deleteCollection(PODS, ns, {}, {gracePeriodSeconds: 0}).catch(() => undefined)
    await waitFor('pods deleted', async () => (await master.client.list(PODS, {namespace: ns})).items.length === 0, 90_000, 500).catch((e) => log(e.message))
    await node?.stop().catch(() => undefined)
    await master.stop()
    await removeNodeContainers(NODE)
  }
}

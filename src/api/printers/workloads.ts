import {at, has, nameOf, num, objs, str, time} from './access.js'
import {humanDuration, since} from './duration.js'
import {formatLabelSelector, formatLabels, selectorString} from './labels.js'
import {ageColumn, col, CONTAINERS_DOC, IMAGES_DOC, nameColumn, type Printer} from './table.js'

/** layoutContainerCells: container names and images of a pod template, each joined with ",". */
export function containerCells(podSpec: unknown): [string, string] {
  const cs = objs(at(podSpec, 'containers'))
  return [cs.map((c) => str(c.name)).join(','), cs.map((c) => str(c.image)).join(',')]
}

const age = (o: unknown, now: Date): string => since(at(o, 'metadata', 'creationTimestamp'), now)

/** spec.replicas, with the API default of 1 when unset. */
export function desiredReplicas(o: unknown): number {
  return has(o, 'spec', 'replicas') ? num(at(o, 'spec', 'replicas')) : 1
}

/** Deployment columns: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR. */
export const deploymentColumns = [
  nameColumn(),
  col('Ready', 'string', 'Number of the pod with ready state'),
  col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
  col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
  ageColumn(),
  col('Containers', 'string', CONTAINERS_DOC, {wide: true}),
  col('Images', 'string', IMAGES_DOC, {wide: true}),
  col('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', {wide: true}),
]

/** printDeployment */
export function deploymentRow(d: unknown, now: Date): unknown[] {
  const [names, images] = containerCells(at(d, 'spec', 'template', 'spec'))
  let selector: string
  try {
    selector = selectorString(at(d, 'spec', 'selector'))
  } catch {
    selector = '<invalid>'
  }
  const desired = desiredReplicas(d)
  const ready = num(at(d, 'status', 'readyReplicas'))
  return [nameOf(d), `${ready}/${desired}`, num(at(d, 'status', 'updatedReplicas')), num(at(d, 'status', 'availableReplicas')), age(d, now), names, images, selector]
}

/** ReplicaSet columns: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. */
export const replicaSetColumns = [
  nameColumn(),
  col('Desired', 'integer', 'Replicas is the number of desired pods.'),
  col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
  col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
  ageColumn(),
  col('Containers', 'string', CONTAINERS_DOC, {wide: true}),
  col('Images', 'string', IMAGES_DOC, {wide: true}),
  col('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', {wide: true}),
]

/** printReplicaSet */
export function replicaSetRow(rs: unknown, now: Date): unknown[] {
  const [names, images] = containerCells(at(rs, 'spec', 'template', 'spec'))
  return [
    nameOf(rs),
    desiredReplicas(rs),
    num(at(rs, 'status', 'replicas')),
    num(at(rs, 'status', 'readyReplicas')),
    age(rs, now),
    names,
    images,
    formatLabelSelector(at(rs, 'spec', 'selector')),
  ]
}

/** DaemonSet columns: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide CONTAINERS IMAGES SELECTOR. */
export const daemonSetColumns = [
  nameColumn(),
  col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
  col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
  col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
  col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
  col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
  col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
  ageColumn(),
  col('Containers', 'string', CONTAINERS_DOC, {wide: true}),
  col('Images', 'string', IMAGES_DOC, {wide: true}),
  col('Selector', 'string', 'A label query over pods that are managed by the daemon set.', {wide: true}),
]

/** printDaemonSet */
export function daemonSetRow(ds: unknown, now: Date): unknown[] {
  const podSpec = at(ds, 'spec', 'template', 'spec')
  const [names, images] = containerCells(podSpec)
  const st = at(ds, 'status')
  return [
    nameOf(ds),
    num(at(st, 'desiredNumberScheduled')),
    num(at(st, 'currentNumberScheduled')),
    num(at(st, 'numberReady')),
    num(at(st, 'updatedNumberScheduled')),
    num(at(st, 'numberAvailable')),
    formatLabels(at(podSpec, 'nodeSelector')),
    age(ds, now),
    names,
    images,
    formatLabelSelector(at(ds, 'spec', 'selector')),
  ]
}

/** Job columns: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR. */
export const jobColumns = [
  nameColumn(),
  col('Status', 'string', 'Status of the job.'),
  col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
  col('Duration', 'string', 'Time required to complete the job.'),
  ageColumn(),
  col('Containers', 'string', CONTAINERS_DOC, {wide: true}),
  col('Images', 'string', IMAGES_DOC, {wide: true}),
  col('Selector', 'string', 'A label query over pods that should match the pod count.', {wide: true}),
]

function jobCondition(job: unknown, type: string): boolean {
  const c = objs(at(job, 'status', 'conditions')).find((x) => x.type === type)
  return c !== undefined && c.status === 'True'
}

/** The STATUS of a job: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
export function jobStatus(job: unknown): string {
  if (jobCondition(job, 'Complete')) return 'Complete'
  if (jobCondition(job, 'Failed')) return 'Failed'
  if (has(job, 'metadata', 'deletionTimestamp')) return 'Terminating'
  if (jobCondition(job, 'Suspended')) return 'Suspended'
  if (jobCondition(job, 'FailureTarget')) return 'FailureTarget'
  return 'Running'
}

/** printJob */
export function jobRow(job: unknown, now: Date): unknown[] {
  const succeeded = num(at(job, 'status', 'succeeded'))
  let completions: string
  if (has(job, 'spec', 'completions')) {
    completions = `${succeeded}/${num(at(job, 'spec', 'completions'))}`
  } else {
    const parallelism = num(at(job, 'spec', 'parallelism'))
    completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`
  }
  const start = time(at(job, 'status', 'startTime'))
  const end = time(at(job, 'status', 'completionTime'))
  let duration = ''
  if (start && !end) duration = humanDuration(now.getTime() - start.getTime())
  else if (start && end) duration = humanDuration(end.getTime() - start.getTime())
  const [names, images] = containerCells(at(job, 'spec', 'template', 'spec'))
  return [nameOf(job), jobStatus(job), completions, duration, age(job, now), names, images, formatLabelSelector(at(job, 'spec', 'selector'))]
}

/** CronJob columns: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES SELECTOR. */
export const cronJobColumns = [
  nameColumn(),
  col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
  col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
  col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.'),
  col('Active', 'integer', 'A list of pointers to currently running jobs.'),
  col('Last Schedule', 'date', 'Information when was the last time the job was successfully scheduled.'),
  ageColumn(),
  col('Containers', 'string', CONTAINERS_DOC, {wide: true}),
  col('Images', 'string', IMAGES_DOC, {wide: true}),
  col('Selector', 'string', 'A label query over pods that should match the pod count. Normally, the system sets this field for you.', {wide: true}),
]

/** printCronJob */
export function cronJobRow(cj: unknown, now: Date): unknown[] {
  const tz = str(at(cj, 'spec', 'timeZone'))
  const suspend = has(cj, 'spec', 'suspend') ? (at(cj, 'spec', 'suspend') === true ? 'True' : 'False') : '<unset>'
  const last = has(cj, 'status', 'lastScheduleTime') ? since(at(cj, 'status', 'lastScheduleTime'), now) : '<none>'
  const [names, images] = containerCells(at(cj, 'spec', 'jobTemplate', 'spec', 'template', 'spec'))
  const active = objs(at(cj, 'status', 'active')).length
  return [nameOf(cj), str(at(cj, 'spec', 'schedule')), tz || '<none>', suspend, active, last, age(cj, now), names, images, formatLabelSelector(at(cj, 'spec', 'jobTemplate', 'spec', 'selector'))]
}

export const cronJobPrinter: Printer = {columns: cronJobColumns, row: cronJobRow}
export const deploymentPrinter: Printer = {columns: deploymentColumns, row: deploymentRow}
export const replicaSetPrinter: Printer = {columns: replicaSetColumns, row: replicaSetRow}
export const daemonSetPrinter: Printer = {columns: daemonSetColumns, row: daemonSetRow}
export const jobPrinter: Printer = {columns: jobColumns, row: jobRow}

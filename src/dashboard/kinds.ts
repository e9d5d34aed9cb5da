/**
 * The resource views the dashboard offers and how each one lays out when the terminal is narrow: which
 * columns give way first and which ones may shrink (and how far) before they do.
 */
import {resolveResourceName} from '../api/registry.js'
import type {ResourceDef} from '../api/resource.js'

/** Layout hints of one resource view. */
export interface KindSpec {
  /** plural resource name, as the registry and the printers know it */
  resource: string
  /** the view's title */
  title: string
  /** columns dropped first when the table does not fit, in order; wide columns not listed go before them */
  dropOrder: string[]
  /** columns that may shrink (truncated with …), with the width they keep before others are dropped */
  flex: Record<string, number>
}

const COMMON_FLEX = {Name: 20, Namespace: 10}

/** The views, in the order `:` completion and the help list them. */
export const KINDS: KindSpec[] = [
  {resource: 'pods', title: 'Pods', dropOrder: ['Readiness Gates', 'Nominated Node', 'IP', 'Node', 'Restarts', 'Namespace', 'Age'], flex: {...COMMON_FLEX, Node: 10}},
  {resource: 'deployments', title: 'Deployments', dropOrder: ['Selector', 'Images', 'Containers', 'Up-to-date', 'Available', 'Namespace', 'Age'], flex: {...COMMON_FLEX, Images: 12, Containers: 10, Selector: 12}},
  {resource: 'replicasets', title: 'ReplicaSets', dropOrder: ['Selector', 'Images', 'Containers', 'Current', 'Namespace', 'Age'], flex: {...COMMON_FLEX, Images: 12, Containers: 10, Selector: 12}},
  {
    resource: 'daemonsets',
    title: 'DaemonSets',
    dropOrder: ['Selector', 'Images', 'Containers', 'Node Selector', 'Up-to-date', 'Available', 'Current', 'Namespace', 'Age'],
    flex: {...COMMON_FLEX, Images: 12, Containers: 10, Selector: 12, 'Node Selector': 10},
  },
  {resource: 'jobs', title: 'Jobs', dropOrder: ['Selector', 'Images', 'Containers', 'Duration', 'Namespace', 'Age'], flex: {...COMMON_FLEX, Images: 12, Containers: 10, Selector: 12}},
  {resource: 'cronjobs', title: 'CronJobs', dropOrder: ['Selector', 'Images', 'Containers', 'Timezone', 'Last Schedule', 'Namespace', 'Age'], flex: {...COMMON_FLEX, Schedule: 12, Images: 12, Containers: 10, Selector: 12}},
  {resource: 'services', title: 'Services', dropOrder: ['Selector', 'External-IP', 'Namespace', 'Age'], flex: {...COMMON_FLEX, 'Port(s)': 12, 'External-IP': 10, Selector: 12}},
  {resource: 'endpoints', title: 'Endpoints', dropOrder: ['Namespace', 'Age'], flex: {...COMMON_FLEX, Endpoints: 16}},
  {
    resource: 'nodes',
    title: 'Nodes',
    dropOrder: ['Container-Runtime', 'Kernel-Version', 'OS-Image', 'External-IP', 'Internal-IP', 'Version', 'Roles'],
    flex: {...COMMON_FLEX, Roles: 10, 'OS-Image': 10, 'Kernel-Version': 10, 'Container-Runtime': 10},
  },
  {resource: 'namespaces', title: 'Namespaces', dropOrder: [], flex: COMMON_FLEX},
  {resource: 'configmaps', title: 'ConfigMaps', dropOrder: ['Namespace'], flex: COMMON_FLEX},
  {resource: 'secrets', title: 'Secrets', dropOrder: ['Namespace'], flex: {...COMMON_FLEX, Type: 12}},
  {
    resource: 'events',
    title: 'Events',
    dropOrder: ['Name', 'Count', 'First Seen', 'Source', 'Subobject', 'Namespace', 'Reason'],
    flex: {...COMMON_FLEX, Name: 12, Object: 16, Message: 20, Source: 10, Subobject: 10, Reason: 10},
  },
]

/** The spec of a supported resource (plural name), if the dashboard has a view for it. */
export function kindSpec(resource: string): KindSpec | undefined {
  return KINDS.find((k) => k.resource === resource)
}

/** Names the overview answers to in `:` commands. */
export const OVERVIEW_NAMES = ['overview', 'ov', 'home', 'cluster', 'pulse']

/**
 * Resolves what the user types after `:` to a view: "overview" or a supported resource's plural name
 * (any name the registry accepts: plural, singular, kind, short name such as po, deploy, svc, no, ns).
 */
export function resolveView(input: string): 'overview' | string | undefined {
  const s = input.trim().toLowerCase()
  if (OVERVIEW_NAMES.includes(s)) return 'overview'
  const def = resolveResourceName(s)
  return def && kindSpec(def.resource) ? def.resource : undefined
}

/** The registry definition of a supported resource. */
export function defOf(resource: string): ResourceDef {
  const def = resolveResourceName(resource)
  if (!def) throw new Error(`unknown resource ${resource}`)
  return def
}

/** Every name a view can be reached by (for completion): overview names, then each resource's names. */
export function viewNames(): string[] {
  const out = [...OVERVIEW_NAMES]
  for (const k of KINDS) {
    const def = defOf(k.resource)
    out.push(def.resource, def.singular, ...def.shortNames)
  }
  return [...new Set(out)]
}

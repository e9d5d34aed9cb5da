import type {Toleration} from './types/affinity.js'
import type {Taint} from './types/node.js'

/**
 * Whether one toleration tolerates a taint (upstream Toleration.ToleratesTaint): an empty effect matches
 * every effect, an empty key (with Exists) every key; Exists ignores the value, Equal (or no operator)
 * compares it. Pure; shared by the scheduler, the node lifecycle controller and the DaemonSet controller.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false
  if (t.key && t.key !== taint.key) return false
  switch (t.operator ?? 'Equal') {
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '')
    case 'Exists':
      return true
    default:
      return false
  }
}

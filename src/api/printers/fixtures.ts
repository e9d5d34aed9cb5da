/**
 * Realistic objects (as the API server stores them, defaults applied) for the printer and describe tests and
 * for dashboard development. All ages are relative to NOW.
 */
export {ago, NOW} from './fixtures-clock.js'
export * from './fixtures-pods.js'
export * from './fixtures-cluster.js'

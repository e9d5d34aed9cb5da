/**
 * The real-runtime test suite, shared by podman.test.ts and docker.test.ts. In CI (CI=true) it always
 * runs and fails when the runtime is missing; elsewhere it is skipped with a printed reason. The two
 * files take turns through a lock so they never load the machine at the same time.
 */
import {afterAll, beforeAll, describe} from 'vitest'
import type {ContainerRuntime} from '../types.js'
import {RuntimeFixture} from './helpers.js'
import {acquireLock} from './lock.js'
import {ioTests} from './real-suite-io.js'
import {podTests} from './real-suite-pods.js'

/** Options of realRuntimeSuite (set by each test file). */
export interface RealSuiteOptions {
  label: 'podman' | 'docker'
  /** names a second configuration of the same runtime in the suite title (e.g. 'CLI only') */
  variant?: string
  /** why the runtime cannot be used here, or null when it can */
  unavailable: string | null
  create: () => ContainerRuntime
  /** loopback address the port-publishing test binds (distinct per runtime) */
  hostIp: string
  /** runs after the objects are removed (e.g. delete an image the run built) */
  extraCleanup?: (rt: ContainerRuntime) => Promise<void>
}

/** Whether we run in CI, where real-runtime tests must never be skipped. */
export function inCI(): boolean {
  const v = (process.env.CI ?? '').toLowerCase()
  return v !== '' && v !== '0' && v !== 'false'
}

/** Defines the suite for one runtime. */
export function realRuntimeSuite(o: RealSuiteOptions): void {
  const skip = o.unavailable !== null && !inCI()
  if (skip) console.warn(`skipping the ${o.label} runtime tests: ${o.unavailable}`)
  describe.skipIf(skip)(`${o.label} runtime (real${o.variant ? `, ${o.variant}` : ''})`, () => {
    let fx: RuntimeFixture | undefined
    let release: (() => void) | undefined
    beforeAll(async () => {
      release = await acquireLock()
      if (o.unavailable !== null) throw new Error(`the ${o.label} runtime is required in CI but unavailable: ${o.unavailable}`)
      fx = new RuntimeFixture(o.create(), o.label)
    }, 320_000)
    afterAll(async () => {
      try {
        await fx?.cleanup()
        if (fx) await o.extraCleanup?.(fx.rt)
      } finally {
        release?.()
      }
    }, 120_000)
    const get = () => {
      if (!fx) throw new Error('runtime fixture not initialised')
      return fx
    }
    podTests(get, o)
    ioTests(get)
  })
}

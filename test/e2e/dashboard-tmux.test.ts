/**
 * `mkube dashboard` in a real terminal: tmux runs the built CLI (`node bin/run.js dashboard`) against an
 * in-process master with its scheduler and controllers, plus one node agent on podman (node dash-node at
 * 127.0.0.31, no proxy) so pods really run and their logs stream. The test types keys with send-keys
 * and reads the screen with capture-pane: the pods view, a pod created after start appearing, the /
 * filter, logs, delete with confirmation, and q leaving the alternate screen with exit status 0.
 *
 * In CI (CI=true) it must run and fails without tmux or podman; elsewhere it is skipped with the reason.
 * tmux runs its own server on a socket in the test's directory (-S), so a user's tmux server is never touched.
 */
import {existsSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Pod} from '../../src/api/types/pod.js'
import {runNodeAgent, type NodeAgent} from '../../src/node/agent.js'
import {probePodman} from '../../src/runtime/detect.js'
import {LABEL} from '../../src/runtime/labels.js'
import {inCI} from '../../src/runtime/testing/real-suite.js'
import {mkubeBin, repoRoot, startTestMaster, tempDir} from '../harness.js'

const image = 'localhost/busybox:latest'
const nodeName = 'dash-node'
const nodeIP = '127.0.0.31'
const podsRef = {group: '', version: 'v1', resource: 'pods', namespaced: true}

/** Why the suite cannot run here, or undefined. */
async function missingPrerequisite(): Promise<string | undefined> {
  const tmux = await execa('tmux', ['-V'], {reject: false})
  if (tmux.exitCode !== 0) return 'tmux is not installed'
  const podman = await probePodman()
  if (podman !== null) return `podman is unusable: ${podman}`
  const img = await execa('podman', ['image', 'exists', image], {reject: false, timeout: 30_000})
  if (img.exitCode !== 0) return `the image ${image} is not in podman's store`
  return undefined
}

const reason = await missingPrerequisite()
if (reason && inCI()) throw new Error(`the dashboard tmux e2e suite cannot run in CI: ${reason}`)
if (reason) console.warn(`skipping the dashboard tmux e2e suite: ${reason}`)

/** the test's directory (master, node, tmux socket, marker files), made when the suite runs */
let dir = ''
/** tmux's server socket, in the test's directory: removed with it */
const socket = () => join(dir, 'tmux.sock')
const session = 'dash'

/**
 * The environment of the terminal the dashboard runs in: the test's own, minus CI markers. A user's
 * terminal has none, and Ink turns live rendering and the alternate screen off when it sees CI=true
 * (is-in-ci) unless render() is given `interactive: true`.
 */
function terminalEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('VITEST') || k === 'TMUX' || k === 'TMUX_PANE') continue
    env[k] = v
  }
  return {...env, TERM: 'xterm-256color'}
}

async function tmux(args: string[]): Promise<string> {
  const r = await execa('tmux', ['-S', socket(), ...args], {env: terminalEnv(), extendEnv: false, timeout: 10_000})
  return r.stdout
}

/** The visible screen, as text. */
const screen = () => tmux(['capture-pane', '-p', '-t', session])
/** Types keys: tmux key names (Enter, Escape, C-d) or, with literal, text. */
const keys = (k: string[], literal = false) => tmux(['send-keys', '-t', session, ...(literal ? ['-l'] : []), ...k])

/** Polls the screen until it satisfies `ok`; on timeout fails with what was on screen. */
async function waitScreen(what: string, ok: (text: string) => boolean, timeoutMs = 25_000): Promise<string> {
  const end = Date.now() + timeoutMs
  let last = ''
  for (;;) {
    last = await screen()
    if (ok(last)) return last
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen was:\n${last}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const has = (s: string) => (text: string) => text.includes(s)
/** The row of the list on screen whose first column is `name` (with or without the cursor mark). */
const row = (text: string, name: string) => text.split('\n').find((l) => new RegExp(`^[> ]${name}\\s`).test(l))

function tickerPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace: 'default'},
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'while true; do echo tick-$(date +%s); sleep 1; done']}],
    },
  } as Pod
}

async function removeNodeContainers(): Promise<void> {
  const ids = async (args: string[]) => String((await execa('podman', args, {reject: false, timeout: 60_000})).stdout).split('\n').filter(Boolean)
  const pods = await ids(['pod', 'ps', '-q', '--filter', `label=${LABEL.NODE}=${nodeName}`])
  if (pods.length) await execa('podman', ['pod', 'rm', '-f', '-t', '0', ...pods], {reject: false, timeout: 60_000})
  const ctrs = await ids(['ps', '-aq', '--filter', `label=${LABEL.NODE}=${nodeName}`])
  if (ctrs.length) await execa('podman', ['rm', '-f', '-t', '0', ...ctrs], {reject: false, timeout: 60_000})
}

describe.skipIf(!!reason)('mkube dashboard in a real terminal (tmux)', () => {
  let env: Awaited<ReturnType<typeof startTestMaster>>
  let agent: NodeAgent | undefined
  const exitFile = () => join(dir, 'exit-status')
  const sttyFile = () => join(dir, 'stty-after')
  const other = 'other'

  beforeAll(async () => {
    dir = tempDir('mkube-e2e-dash-')
    env = await startTestMaster(join(dir, 'master'), {components: true})
    agent = await runNodeAgent({server: env.master.url, token: env.master.joinToken, nodeName, nodeIP, runtime: 'podman', dataDir: join(dir, 'node'), kubeletPort: 0, proxy: false, kubelet: {relistPeriodMs: 1000}, log: () => {}})
    // after the dashboard: its exit status, the terminal modes, a marker line, then the shell stays
    const cmd = [
      `cd '${repoRoot}'`,
      `node '${mkubeBin}' dashboard --kubeconfig '${env.master.kubeconfigPath}'`,
      `echo EXIT=$? > '${exitFile()}'`,
      `stty -a > '${sttyFile()}'`,
      `echo AFTER-DASHBOARD`,
      'exec sleep 3600',
    ].join('; ')
    await tmux(['-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', '100', '-y', '30', cmd])
  })

  afterAll(async () => {
    if (!dir) return
    await execa('tmux', ['-S', socket(), 'kill-server'], {reject: false})
    for (const name of ['ticker', other]) await env?.client.request('DELETE', `/api/v1/namespaces/default/pods/${name}`, {query: {gracePeriodSeconds: 0}}).catch(() => undefined)
    await agent?.stop().catch(() => undefined)
    await removeNodeContainers()
    await env?.stop()
    rmSync(dir, {recursive: true, force: true})
  })

  it('starts on the overview with the node', async () => {
    const s = await waitScreen('the overview listing dash-node Ready', (t) => t.includes('Nodes (1)') && /dash-node\s+Ready/.test(t), 30_000)
    expect(s).toMatch(/^ mkube /)
    expect(await tmux(['display', '-p', '-t', session, '#{alternate_on}'])).toBe('1')
  })

  it('switches to the pods view with :po and shows a pod created afterwards', async () => {
    await keys([':po', 'Enter'])
    await waitScreen('the empty pods list', has('Pods(default)[0]'))
    await env.client.create(podsRef, tickerPod('ticker'))
    const s = await waitScreen('ticker running in the list', (t) => t.includes('Pods(default)[1]') && /ticker\s+1\/1\s+Running/.test(row(t, 'ticker') ?? ''), 30_000)
    expect(row(s, 'ticker')).toMatch(/^>ticker\s.*dash-node/)
  })

  it('/ filters the list as it is typed', async () => {
    await env.client.create(podsRef, tickerPod(other))
    await waitScreen('both pods listed', (t) => t.includes('Pods(default)[2]') && row(t, other) !== undefined && row(t, 'ticker') !== undefined)
    await keys(['/'])
    await keys(['tick'], true)
    const s = await waitScreen('the filtered title', has('Pods(default)[1/2] </tick>'))
    expect(row(s, 'ticker')).toMatch(/^>ticker\s/)
    expect(row(s, other)).toBeUndefined()
    await keys(['Enter'])
    await waitScreen('the filter prompt closed', (t) => !t.includes('/tick█') && t.includes('Pods(default)[1/2] </tick>'))
  })

  it('l shows the selected pod’s logs, following; esc goes back', async () => {
    await keys(['l'])
    const s = await waitScreen('a tick- line in the logs view', (t) => t.includes('Logs default/ticker [main] following') && /^tick-\d+$/m.test(t), 30_000)
    const first = s.match(/^tick-\d+$/gm)!.length
    // following: new lines keep arriving
    await waitScreen('more tick- lines', (t) => (t.match(/^tick-\d+$/gm)?.length ?? 0) > first, 20_000)
    await keys(['Escape'])
    const back = await waitScreen('the filtered pods list again', (t) => t.includes('Pods(default)[1/2] </tick>') && !t.includes('Logs default/ticker'))
    expect(row(back, 'ticker')).toMatch(/^>ticker\s/)
  })

  it('ctrl-d asks, y deletes the pod', async () => {
    await keys(['C-d'])
    await waitScreen('the delete confirmation', has('Delete pod default/ticker? (y/n)'))
    await keys(['y'])
    await expect
      .poll(async () => (await env.client.list<Pod>(podsRef, {namespace: 'default'})).items.map((p) => p.metadata.name), {timeout: 30_000, interval: 250})
      .toEqual([other])
    await waitScreen('the pod gone from the list', (t) => t.includes('Pods(default)[0/1] </tick>') && row(t, 'ticker') === undefined)
  })

  it('q quits with status 0 and restores the terminal', async () => {
    await keys(['q'])
    await waitScreen('the shell after the dashboard', has('AFTER-DASHBOARD'), 20_000)
    expect(readFileSync(exitFile(), 'utf8').trim()).toBe('EXIT=0')
    const [alt, cursor] = (await tmux(['display', '-p', '-t', session, '#{alternate_on} #{cursor_flag}'])).split(' ')
    expect(alt).toBe('0') // the alternate screen was left
    expect(cursor).toBe('1') // the cursor is visible again
    const s = await screen()
    expect(s).not.toContain('Pods(default)')
    // the tty is back in cooked mode with echo
    expect(existsSync(sttyFile())).toBe(true)
    const modes = readFileSync(sttyFile(), 'utf8').split(/\s+/)
    expect(modes).toContain('icanon')
    expect(modes).toContain('echo')
  })
})

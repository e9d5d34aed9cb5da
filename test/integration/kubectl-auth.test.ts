/**
 * `kubectl auth can-i` and `kubectl auth whoami` (the self reviews) against an mkube master, as the admin
 * and as a service account holding a token from `kubectl create token`.
 */
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {kubectl, startTestMaster, tempDir} from '../harness.js'

let env: Awaited<ReturnType<typeof startTestMaster>>
let kc: {kubeconfig: string; cacheDir: string}

beforeAll(async () => {
  env = await startTestMaster()
  kc = {kubeconfig: env.master.kubeconfigPath, cacheDir: join(tempDir('mkube-kubectl-auth-'), 'cache')}
})
afterAll(async () => {
  await env?.stop()
})

describe('kubectl auth', () => {
  it('the admin may do anything; a service account only what the authorizer grants it', async () => {
    const yes = await kubectl(['auth', 'can-i', 'create', 'deployments.apps', '-n', 'default'], kc)
    expect(yes.exitCode, yes.stderr).toBe(0)
    expect(yes.stdout.trim()).toBe('yes')
    const who = await kubectl(['auth', 'whoami', '-o', 'json'], kc)
    expect(who.exitCode, who.stderr).toBe(0)
    expect(JSON.parse(who.stdout).status.userInfo.groups).toContain('system:masters')
    const list = await kubectl(['auth', 'can-i', '--list'], kc)
    expect(list.stdout).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m)

    expect((await kubectl(['create', 'serviceaccount', 'robot'], kc)).exitCode).toBe(0)
    const token = (await kubectl(['create', 'token', 'robot'], kc)).stdout.trim()
    const asRobot = (args: string[]) => kubectl(['--token', token, ...args], kc)
    const no = await asRobot(['auth', 'can-i', 'list', 'secrets'])
    expect(no.stdout.trim()).toBe('no')
    expect(no.exitCode).toBe(1)
    const self = await asRobot(['auth', 'can-i', 'create', 'selfsubjectaccessreviews.authorization.k8s.io'])
    expect(self.stdout.trim()).toBe('yes')
    const me = await asRobot(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])
    expect(me.exitCode, me.stderr).toBe(0)
    expect(me.stdout).toBe('system:serviceaccount:default:robot')
  })
})

import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {describe, expect, it} from 'vitest'
import {sendJsonList} from './http.js'

/** Serves one sendJsonList answer and returns the parsed body a client received. */
async function roundTrip(items: string[]): Promise<{status: number; body: unknown}> {
  const srv = http.createServer((_req, res) => void sendJsonList(res, {kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: '7'}}, items))
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  try {
    const res = await fetch(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/`)
    return {status: res.status, body: await res.json()}
  } finally {
    srv.closeAllConnections()
    srv.close()
  }
}

describe('sendJsonList', () => {
  it('answers a list whose items are the given JSON texts, for no, one and many (chunked, back-pressured) items', async () => {
    expect(await roundTrip([])).toEqual({status: 200, body: {kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: '7'}, items: []}})
    expect((await roundTrip(['{"a":1}'])).body).toMatchObject({items: [{a: 1}]})
    const many = Array.from({length: 3001}, (_, i) => JSON.stringify({metadata: {name: `p${i}`}, pad: 'x'.repeat(2000)}))
    const {body} = await roundTrip(many)
    const names = (body as {items: {metadata: {name: string}}[]}).items.map((o) => o.metadata.name)
    expect(names).toHaveLength(3001)
    expect(names[0]).toBe('p0')
    expect(names[3000]).toBe('p3000')
  })
})

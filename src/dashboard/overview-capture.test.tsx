/**
 * The README capture: the overview rendered by the real Ink app from the fixture cluster at 100×30.
 * The test fails when the rendering drifts from src/dashboard/overview-capture.txt; regenerate the file
 * with MKUBE_UPDATE_CAPTURE=1 npx vitest run src/dashboard/overview-capture.test.tsx.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {render} from 'ink-testing-library'
import {expect, it} from 'vitest'
import {App} from './components/App.js'
import {fixtureSource, NOW} from './fixtures.js'
import {initialState} from './state.js'

const FILE = fileURLToPath(new URL('./overview-capture.txt', import.meta.url))

it('renders the overview of the fixture cluster at 100×30 as captured for the README', async () => {
  const app = render(<App source={fixtureSource()} initial={initialState('default')} runEffect={async () => undefined} color={false} size={{columns: 100, rows: 30}} clock={() => NOW} tickMs={0} />)
  await new Promise((r) => setTimeout(r, 30))
  const text = (app.lastFrame() ?? '').split('\n').map((l) => l.replace(/\s+$/, '')).join('\n') + '\n'
  app.unmount()
  expect(text.split('\n')).toHaveLength(31)
  if (process.env.MKUBE_UPDATE_CAPTURE || !existsSync(FILE)) writeFileSync(FILE, text)
  expect(text).toBe(readFileSync(FILE, 'utf8'))
})

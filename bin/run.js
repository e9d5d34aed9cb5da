#!/usr/bin/env node
// The one mkube executable: master, node, kubectl-like client and dashboard (oclif dispatches).
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})

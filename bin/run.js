#!/usr/bin/env node
await (await import('@oclif/core')).execute({dir: import.meta.url})

import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    // An integration test provisions dev against moto (15-25 s on an idle 2-core machine). On a
    // loaded CI runner the same test took over 60 s (three timeouts in a 64-minute run, nothing
    // else wrong), so the limit is sized for a busy machine; a hung test still fails.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
})

import {AsyncLocalStorage} from 'node:async_hooks'

/**
 * One limit on AWS work in flight for a whole walk (`--concurrency`). A resource holds a slot
 * while it calls AWS and gives it back while it only waits for AWS to finish something (an
 * EKS cluster takes 10-15 minutes to become ACTIVE): a waiting layer must not starve the others.
 */
export class Slots {
  private free: number
  private readonly queue: (() => void)[] = []

  constructor(limit: number) {
    this.free = Math.max(1, limit)
  }

  /** Runs `work` holding a slot; waits made through `whileWaiting` inside it free the slot meanwhile. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire()
    try {
      return await heldSlot.run(this, work)
    } finally {
      this.release()
    }
  }

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--
      return
    }
    await new Promise<void>((resolve) => this.queue.push(resolve))
  }

  release(): void {
    const next = this.queue.shift()
    if (next) next()
    else this.free++
  }
}

const heldSlot = new AsyncLocalStorage<Slots>()

/** Runs a pure wait (a sleep between polls) without holding the caller's slot, if it holds one. */
export async function whileWaiting<T>(wait: () => Promise<T>): Promise<T> {
  const slots = heldSlot.getStore()
  if (!slots) return wait()
  slots.release()
  try {
    return await wait()
  } finally {
    await slots.acquire()
  }
}

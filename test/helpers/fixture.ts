import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {inventoryOf, type Inventory, type InventoryItem} from '../../src/audit/types.js'
import {loadConfig} from '../../src/design/config.js'
import {resolveDesign} from '../../src/design/resolve.js'
import {ROOT} from './cli.js'

/** The inventory of a freshly provisioned dev environment (scripts/inventory-fixture.mjs). */
export function cleanInventory(): Inventory {
  const raw = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/inventory-dev.json'), 'utf8')) as Omit<
    Inventory,
    'items'
  > & {items: InventoryItem[]}
  return inventoryOf({...raw, items: new Map(raw.items.map((i) => [i.id, i]))})
}

export function devDesign() {
  const {config, file} = loadConfig({path: join(ROOT, 'config/local-dev.yaml')})
  return resolveDesign(config, 'dev', file)
}

/**
 * Runs `f` and returns the inventory ids it read: looked up by key, or taken from an
 * iteration (`inventory.all(type)`) and then read beyond their id and type.
 */
export function readsOf(inv: Inventory, f: (inv: Inventory) => unknown): Set<string> {
  const seen = new Set<string>()
  const watched = (item: InventoryItem) =>
    new Proxy(item, {
      get(target, prop) {
        if (prop !== 'id' && prop !== 'type') seen.add(target.id)
        return Reflect.get(target, prop, target)
      },
    })
  const items = new Proxy(inv.items, {
    get(target, prop) {
      if (prop === 'get') return (id: string) => (seen.add(id), target.get(id))
      if (prop === 'values') return () => [...target.values()].map(watched)[Symbol.iterator]()
      const v = Reflect.get(target, prop, target)
      return typeof v === 'function' ? v.bind(target) : v
    },
  })
  f({...inv, items})
  return seen
}

export function withItem(inv: Inventory, id: string, change: (i: InventoryItem) => InventoryItem): Inventory {
  const items = new Map(inv.items)
  items.set(id, change(structuredClone(inv.items.get(id)!)))
  return {...inv, items}
}

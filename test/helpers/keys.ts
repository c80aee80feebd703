import type {ResourceKey, ResourceType} from '../../src/resources.js'

/** A key outside the catalogue, for engine tests of made-up resources (`Test::Thing` is no AWS type). */
export function testKey<O extends Record<string, string> = {id: string}>(id: string): ResourceKey<O> {
  return {id, type: 'Test::Thing' as ResourceType}
}

import {audit} from './audit.js'
import {common} from './common.js'
import {design} from './design.js'
import {evidence} from './evidence.js'
import {exceptions} from './exceptions.js'
import {guidelines} from './guidelines.js'

/**
 * Every namespace of messages, each with the same keys in every language (a test proves it).
 * A namespace per report surface, so that people working on different reports edit different files.
 */
export const MESSAGES = {common, audit, design, evidence, exceptions, guidelines} as const

export type Namespace = keyof typeof MESSAGES

import {accessSync, closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {createHash} from 'node:crypto'
import {UsageError} from '../errors.js'

/** Configuration, exceptions and `--from` files are small documents: 4 MiB is far beyond any real one. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024

/** What a stat says a path is, for messages: "a FIFO" rather than "not a file". */
export function kindOf(st: Stats): string {
  if (st.isFile()) return 'a regular file'
  if (st.isDirectory()) return 'a directory'
  if (st.isSymbolicLink()) return 'a symbolic link'
  if (st.isFIFO()) return 'a FIFO'
  if (st.isCharacterDevice()) return 'a character device'
  if (st.isBlockDevice()) return 'a block device'
  if (st.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * Reads a local input file the operator named. Only a regular file under `maxBytes` is read:
 * `/dev/zero` would otherwise fill memory and a FIFO block for ever (open() of a FIFO waits for
 * a writer, so its type is checked by stat before it is opened, and O_NONBLOCK guards the
 * window between the two). Every refusal is exit 2 naming the file and what is wrong.
 */
export function readLocalFile(
  file: string,
  opts: {what: string; maxBytes?: number; error?: (message: string) => Error},
): string {
  return readLocalBytes(file, opts).toString('utf8')
}

/** readLocalFile's bytes, for binary inputs (a DER public key). */
export function readLocalBytes(
  file: string,
  opts: {what: string; maxBytes?: number; error?: (message: string) => Error},
): Buffer {
  const max = opts.maxBytes ?? MAX_INPUT_BYTES
  const fail = opts.error ?? ((m: string) => new UsageError(m, `Pass ${opts.what} as a regular file.`))
  let st: Stats
  try {
    st = statSync(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw fail(
      code === 'ENOENT' ? `${opts.what} not found: ${file}` : `${opts.what} cannot be read: ${file} (${code ?? err})`,
    )
  }
  if (!st.isFile()) throw fail(`${opts.what} ${file} is ${kindOf(st)}, not a regular file`)
  if (st.size > max) throw fail(`${opts.what} ${file} is ${st.size} bytes, over the limit of ${max}`)
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    if (!fstatSync(fd).isFile()) throw fail(`${opts.what} ${file} changed into something other than a file`)
    const chunks: Buffer[] = []
    let total = 0
    const buf = Buffer.alloc(64 * 1024)
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null)
      if (n === 0) break
      total += n
      if (total > max) throw fail(`${opts.what} ${file} grew over the limit of ${max} bytes while being read`)
      chunks.push(Buffer.from(buf.subarray(0, n)))
    }
    return Buffer.concat(chunks)
  } finally {
    closeSync(fd)
  }
}

/**
 * Streams a regular file in chunks to `onChunk`, never the whole file in memory. The path is
 * opened with O_NOFOLLOW: a symbolic link planted where a file should be is an error (ELOOP),
 * never followed; a FIFO or device is refused after fstat, and O_NONBLOCK keeps opening a FIFO
 * from hanging. Returns the size read, or why the file was refused.
 */
function readRegularFile(
  file: string,
  maxBytes: number,
  chunkBytes: number,
  onChunk: (chunk: Buffer) => void,
): {size: number} | {problem: string} {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (err) {
    return {problem: `cannot be opened (${(err as NodeJS.ErrnoException).code ?? err})`}
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) return {problem: `is ${kindOf(st)}, not a regular file`}
    if (st.size > maxBytes) return {problem: `is ${st.size} bytes, over the limit of ${maxBytes}`}
    const buf = Buffer.alloc(chunkBytes)
    let size = 0
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null)
      if (n === 0) break
      size += n
      if (size > maxBytes) return {problem: `grew over the limit of ${maxBytes} bytes while being read`}
      onChunk(buf.subarray(0, n))
    }
    return {size}
  } finally {
    closeSync(fd)
  }
}

/** SHA-256 and size of a regular file under `maxBytes`, hashed as a stream; else why not. */
export function hashRegularFile(file: string, maxBytes: number): {sha256: string; size: number} | {problem: string} {
  const hash = createHash('sha256')
  const read = readRegularFile(file, maxBytes, 1024 * 1024, (chunk) => hash.update(chunk))
  return 'problem' in read ? read : {sha256: hash.digest('hex'), size: read.size}
}

/** The bytes of a regular file under `maxBytes`, never following a symbolic link; else why not. */
export function readRegularFileNoFollow(file: string, maxBytes: number): {bytes: Buffer} | {problem: string} {
  const chunks: Buffer[] = []
  const read = readRegularFile(file, maxBytes, 64 * 1024, (chunk) => chunks.push(Buffer.from(chunk)))
  return 'problem' in read ? read : {bytes: Buffer.concat(chunks)}
}

/**
 * `--output FILE`, checked before any AWS call: an audit of a real account takes a while and
 * costs calls, and its result must not be lost to a typo in a path written at the very end.
 */
export function checkOutputFile(file: string, what = '--output'): void {
  const full = resolve(file)
  const parent = dirname(full)
  let st: Stats | undefined
  try {
    st = statSync(full)
  } catch {
    st = undefined
  }
  if (st && !st.isFile()) throw new UsageError(`${what} ${file} is ${kindOf(st)}, not a file`, 'Name a file.')
  try {
    if (!statSync(parent).isDirectory()) throw new Error('not a directory')
    accessSync(st ? full : parent, constants.W_OK)
  } catch {
    throw new UsageError(
      `${what} ${file} cannot be written: ${parent} is not a writable directory`,
      'Create the directory, or name a file in a writable one.',
    )
  }
}

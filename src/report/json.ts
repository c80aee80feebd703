/**
 * JSON as the tool writes it (--json, --format json/sarif/ocsf, the evidence bundle's files).
 * JSON.stringify escapes C0 controls but writes DEL and the C1 controls (U+007F-U+009F) raw,
 * and a terminal that interprets 8-bit C1 (U+009B is CSI) runs them when someone `cat`s the
 * file. RFC 8259 section 7 lets any character be written as a \uXXXX escape, so escaping them
 * too keeps the document byte-for-byte valid JSON that parses to exactly the same value
 * (https://www.rfc-editor.org/rfc/rfc8259#section-7).
 */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

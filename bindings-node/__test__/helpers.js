'use strict'
// Shared by the suites: the package under test and the shared vectors.
//
// `require('paysign')` resolves to the installed package when these files are
// copied into a project that installed the tarball (bindings-node/test.sh),
// and to this directory's package (by self-reference) otherwise. When
// PAYSIGN_EXPECT_INSTALLED is set, it must be the installed one.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const resolved = require.resolve('paysign')
if (process.env.PAYSIGN_EXPECT_INSTALLED) {
  const expected = fs.realpathSync(process.env.PAYSIGN_EXPECT_INSTALLED)
  assert.ok(
    fs.realpathSync(resolved).startsWith(expected + path.sep),
    `paysign resolved to ${resolved}, not to the installed package in ${expected}`,
  )
}
const paysign = require('paysign')

const VECTORS = process.env.PAYSIGN_VECTORS || path.resolve(__dirname, '..', '..', 'tests', 'vectors')

function load(name) {
  return JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8'))
}

/** The body bytes of a vector (`body_b64` repeated `body_repeat` times). */
function body(v) {
  const one = Buffer.from(v.body_b64 || '', 'base64')
  const n = v.body_repeat || 1
  return n === 1 ? one : Buffer.concat(Array.from({ length: n }, () => one))
}

/** The bytes as a string when they are valid UTF-8 that round-trips, else null. */
function asText(bytes) {
  try {
    const s = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return Buffer.from(s, 'utf8').equals(bytes) ? s : null
  } catch {
    return null
  }
}

/** Runs `fn`, which must throw; returns the error. */
function thrown(fn) {
  try {
    fn()
  } catch (e) {
    return e
  }
  assert.fail('expected an exception')
}

module.exports = { paysign, resolved, load, body, asText, thrown, VECTORS }

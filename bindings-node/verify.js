'use strict'
// The whole-request verifiers: XPayVerifier, CyberSourceVerifier,
// PaySimpleVerifier and CyberSourceWebhookVerifier, over one native class.
//
// Everything is checked in the Rust core. This file only converts the
// arguments (a `Headers` instance or an object or pairs; a keyring object or
// Map) and, when `replay` is a store object, asks the store the one question
// the core leaves to it: "remember this key for N seconds unless present".
// The core asks it last, after the credential verified; the store's answer
// goes back to the core's error mapping (`replayRefusal`), so the refusal has
// the core's reason and message.

const binding = require('./binding.js')


function isStore(value) {
  return value !== null && typeof value === 'object' && typeof value.remember === 'function'
}

function isThenable(value) {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function'
}

function keyPairs(keys) {
  if (keys instanceof Map) return [...keys]
  if (keys !== null && typeof keys === 'object' && !Array.isArray(keys)) return Object.entries(keys)
  return keys // the native side names the wrong type
}

/** Headers as received: a `Headers` instance becomes its pairs (it already joined duplicates). */
function headerArg(headers) {
  if (typeof Headers === 'function' && headers instanceof Headers) return [...headers]
  return headers
}

const wellFormed = typeof ''.isWellFormed === 'function'
const { isProxy } = require('node:util').types

/**
 * Headers (pairs or an object) packed into one string for the native side,
 * which reads it in one step instead of several per header: the number of
 * names and values, the UTF-16 length of each (one code unit apiece), then
 * the names and values themselves. `undefined` when a name or value is not a
 * well-formed string (or is too long to pack): the native side then reads
 * the headers as given and names what is wrong.
 */
function packHeaders(headers) {
  if (!wellFormed || headers === null || typeof headers !== 'object') return undefined
  const pieces = []
  const add = (name, value) => {
    if (typeof name !== 'string' || typeof value !== 'string' || name.length > 0xffff || value.length > 0xffff ||
        !name.isWellFormed() || !value.isWellFormed()) {
      return false
    }
    pieces.push(name, value)
    return true
  }
  // Read as the native side reads them (by index, no iterator), and never
  // through a Proxy, which the native side does not take for an array.
  if (isProxy(headers)) return undefined
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i++) {
      const pair = headers[i]
      if (!Array.isArray(pair) || isProxy(pair) || !add(pair[0], pair[1])) return undefined
    }
  } else {
    for (const name of Object.keys(headers)) {
      const value = headers[name]
      if (Array.isArray(value)) {
        if (isProxy(value)) return undefined
        for (let i = 0; i < value.length; i++) if (!add(name, value[i])) return undefined
      } else if (!add(name, value)) {
        return undefined
      }
    }
  }
  if (pieces.length > 0xffff) return undefined
  let lengths = String.fromCharCode(pieces.length)
  for (let i = 0; i < pieces.length; i++) lengths += String.fromCharCode(pieces[i].length)
  return lengths + pieces.join('')
}

function noFullPath(options) {
  if (options && options.fullPath !== undefined) {
    throw Object.assign(new TypeError('The "fullPath" option is X-Pay\'s only.'), { code: 'ERR_INVALID_ARG_VALUE' })
  }
}

// The signed lists a scheme reports are few (one or two per scheme): split once,
// each a fresh copy for the caller.
const signedLists = new Map()

function signedList(joined) {
  let list = signedLists.get(joined)
  if (list === undefined) {
    list = joined === '' ? [] : joined.split(' ')
    if (signedLists.size < 16) signedLists.set(joined, list)
  }
  return list.slice()
}

/** The native answer (see src/verifiers.rs, `VerifiedParts`) as an array. */
function answerParts(answer) {
  if (typeof answer !== 'string') return answer
  const p = answer.split('\n')
  const parts = [p[1], p[2], p[0] === '1' ? p[3] : null, Number(p[4]), p[5]]
  if (p.length > 6) parts.push(p[6], Number(p[7]))
  return parts
}

function verified(parts) {
  return { scheme: parts[0], keyId: parts[1], merchantId: parts[2], timestamp: parts[3], signed: signedList(parts[4]) }
}

/** The store's answer: `true` accepts; `false` is a replay; anything else fails closed. */
function settle(answer) {
  if (answer === true) return
  if (answer === false) binding.replayRefusal()
  binding.replayRefusal(`the replay store answered ${answer === null ? 'null' : typeof answer}, not true or false`)
}

function unavailable(error) {
  const why = error instanceof Error ? error.message : String(error)
  binding.replayRefusal(why || 'the replay store failed')
}

class Verifier {
  #native
  #store
  constructor(scheme, options) {
    if (options === null || typeof options !== 'object') {
      throw Object.assign(new TypeError('The "options" argument must be of type object ({ keys, ... }).'), { code: 'ERR_INVALID_ARG_TYPE' })
    }
    const { keys, fullPath, maxSkew, replay } = options
    if (replay !== undefined && typeof replay !== 'boolean' && !isStore(replay)) {
      throw Object.assign(
        new TypeError('The "replay" option must be true, false or a store object with remember(key, ttlSeconds).'),
        { code: 'ERR_INVALID_ARG_TYPE' },
      )
    }
    this.#store = isStore(replay) ? replay : undefined
    this.#native = new binding.NativeVerifier(scheme, keyPairs(keys), fullPath, maxSkew, this.#store ? 'store' : replay)
  }

  #run(request) {
    if (request === null || typeof request !== 'object') {
      throw Object.assign(new TypeError('The "request" argument must be of type object.'), { code: 'ERR_INVALID_ARG_TYPE' })
    }
    const { method, url, headers, body, now } = request
    const given = headerArg(headers)
    const packed = packHeaders(given)
    if (packed !== undefined) return answerParts(this.#native.verifyPacked(method ?? 'POST', url ?? '/', packed, body, now))
    return answerParts(this.#native.verify(method ?? 'POST', url ?? '/', given, body, now))
  }

  /**
   * Verifies a whole request; returns `{ scheme, keyId, merchantId, timestamp, signed }`
   * or throws (code PAYSIGN_VERIFICATION_FAILED, with `reason`). With a store
   * whose `remember` returns a Promise, use `verifyAsync`.
   */
  verify(request) {
    const parts = this.#run(request)
    if (parts.length > 5) {
      let answer
      try {
        answer = this.#store.remember(parts[5], parts[6])
      } catch (error) {
        unavailable(error)
      }
      if (isThenable(answer)) {
        Promise.resolve(answer).catch(() => {})
        throw Object.assign(
          new TypeError('This verifier\'s replay store answers with a Promise: call verifyAsync(request) instead of verify(request).'),
          { code: 'ERR_INVALID_ARG_TYPE' },
        )
      }
      settle(answer)
    }
    return verified(parts)
  }

  /** `verify` for a store that answers asynchronously (e.g. Redis): a Promise of the same result. */
  async verifyAsync(request) {
    const parts = this.#run(request)
    if (parts.length > 5) {
      let answer
      try {
        answer = await this.#store.remember(parts[5], parts[6])
      } catch (error) {
        unavailable(error)
      }
      settle(answer)
    }
    return verified(parts)
  }

  get [Symbol.toStringTag]() {
    return this.constructor.name
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `${this.constructor.name} { keys: [hidden], replay: ${this.#store ? 'store' : 'in-process or off'} }`
  }
}

/** X-Pay-Token requests; `keys`: API key → shared secret. Window: Visa's 8 minutes. */
class XPayVerifier extends Verifier {
  constructor(options) {
    super('xpay', options)
  }
}

/** CyberSource HTTP Signature requests; `keys`: key id → base64 shared secret. Window: 5 minutes. */
class CyberSourceVerifier extends Verifier {
  constructor(options) {
    noFullPath(options)
    super('cybersource', options)
  }
}

/** PaySimple PSSERVER headers; `keys`: username → API key. Window: 5 minutes. */
class PaySimpleVerifier extends Verifier {
  constructor(options) {
    noFullPath(options)
    super('paysimple', options)
  }
}

/** CyberSource webhook notifications (`v-c-signature`); `keys`: key id → base64 key. Window: 5 minutes. */
class CyberSourceWebhookVerifier extends Verifier {
  constructor(options) {
    noFullPath(options)
    super('cybersource-webhook', options)
  }

  /** Verifies `{ headers, body, now }` (the raw body, exactly as received). */
  verify({ headers, body, now } = {}) {
    return super.verify({ method: 'POST', url: '/', headers, body, now })
  }

  verifyAsync({ headers, body, now } = {}) {
    return super.verifyAsync({ method: 'POST', url: '/', headers, body, now })
  }
}

module.exports = { XPayVerifier, CyberSourceVerifier, PaySimpleVerifier, CyberSourceWebhookVerifier }

'use strict'
// paysign/testing: a local gateway for integration tests. It verifies Visa
// X-Pay-Token, CyberSource HTTP Signature and PaySimple PSSERVER requests like
// the vendors and says why it refused one (the `paysign` object of every
// answer). It is the gateway of `paysign serve`, embedded in the addon: it
// listens on 127.0.0.1 in threads of this process.
//
//   const { startGateway } = require('paysign/testing')
//   const gw = await startGateway({ visa: { apiKey, sharedSecret } })
//   await fetch(gw.url + '/vdp/helloworld', ...)
//   gw.requests()  // [{ method, target, scheme, verdict, status, reason, mistakes, message, keyId }]
//   await gw.close()
//
// With no credentials it accepts CyberSource's published sandbox credentials.
// This file only renames options to the gateway's config names.

const binding = require('./binding.js')

const SCHEMES = {
  visa: { apiKey: 'api_key', sharedSecret: 'shared_secret', fullPath: 'full_path', maxSkew: 'max_skew' },
  cybersource: { merchantId: 'merchant_id', keyId: 'key_id', sharedSecret: 'shared_secret', maxSkew: 'max_skew' },
  paysimple: { username: 'username', apiKey: 'api_key', maxSkew: 'max_skew' },
}

function typeError(message) {
  const e = new TypeError(message)
  e.code = 'ERR_INVALID_ARG_TYPE'
  return e
}

function convert(scheme, given) {
  if (given === undefined || given === null) return undefined
  if (typeof given !== 'object') throw typeError(`The "${scheme}" option must be an object.`)
  const names = SCHEMES[scheme]
  const out = {}
  for (const [key, value] of Object.entries(given)) {
    if (!(key in names)) {
      throw typeError(`The "${scheme}.${key}" option is unknown (expected ${Object.keys(names).join(', ')}).`)
    }
    if (value !== undefined && value !== null) out[names[key]] = value
  }
  return out
}

function camel(record) {
  const out = {}
  for (const [k, v] of Object.entries(record)) {
    out[k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] = v
  }
  return out
}

/**
 * Starts a gateway on 127.0.0.1.
 * @param {{ visa?: object, cybersource?: object, paysimple?: object, port?: number }} [options]
 * @returns {Promise<{ url: string, requests(): object[], close(): Promise<void> }>}
 */
async function startGateway(options = {}) {
  if (options === null || typeof options !== 'object') throw typeError('The "options" argument must be an object.')
  const { visa, cybersource, paysimple, port = 0, ...rest } = options
  const unknown = Object.keys(rest)
  if (unknown.length) throw typeError(`Unknown option "${unknown[0]}" (expected visa, cybersource, paysimple, port).`)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    const e = new RangeError('The "port" option must be an integer from 0 to 65535.')
    e.code = 'ERR_OUT_OF_RANGE'
    throw e
  }
  const config = {
    visa: convert('visa', visa),
    cybersource: convert('cybersource', cybersource),
    paysimple: convert('paysimple', paysimple),
  }
  const native = new binding._Gateway(JSON.stringify(config), port)
  return {
    url: native.url,
    requests: () => JSON.parse(native.requestsJson()).map(camel),
    close: async () => native.close(),
  }
}

module.exports.startGateway = startGateway

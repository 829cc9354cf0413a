'use strict'
// createSignedFetch: sign each request over the exact bytes that are sent.
//
// The request is first built the way fetch builds it (`new Request(input,
// init)`: method normalised, headers merged, body extracted with its default
// Content-Type). Its body is then read once into bytes (a string is encoded to
// UTF-8 there, once), and those same bytes are both signed and sent. The signer
// decides the URL to send and the headers to set: nothing here knows any
// scheme's rules.

function isSigner(value) {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof value.sign === 'function'
  )
}

function createSignedFetch(signer, fetchImpl = globalThis.fetch) {
  if (!isSigner(signer)) {
    throw new TypeError(
      'The "signer" argument must be an object with a sign(method, url, body) method, such as an XPaySigner, CyberSourceSigner or PaySimpleSigner.',
    )
  }
  if (typeof fetchImpl !== 'function') {
    throw new TypeError('The "fetchImpl" argument must be a function (a fetch implementation).')
  }
  return async function signedFetch(input, init) {
    const options = init === undefined || init === null ? {} : init
    const request = new Request(input, options)
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer())
    const signed = signer.sign(request.method, request.url, body)
    const headers = new Headers(request.headers)
    for (const [name, value] of Object.entries(signed.headers)) {
      headers.set(name, value)
    }
    return fetchImpl(signed.url, {
      ...options,
      method: request.method,
      headers,
      body: body !== undefined && body.byteLength > 0 ? body : undefined,
      signal: request.signal,
      redirect: request.redirect,
      duplex: undefined,
    })
  }
}

module.exports.createSignedFetch = createSignedFetch

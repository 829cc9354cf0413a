@file:JvmName("Paysign")

// Hand-written conveniences over the uniffi-generated API (paysign.kt, generated at
// build time): text overloads for secrets and bodies (used as their UTF-8 bytes),
// and the CyberSource headers as an ordered Map. Conversions only: every rule and
// default is in the Rust core. Java sees these as static methods of `Paysign`,
// and the generated functions as static methods of `PaysignKt`.

package dev.paysign

private fun String.utf8(): ByteArray = toByteArray(Charsets.UTF_8)

/** These headers as a name → value map that iterates in their order. */
fun List<HttpHeader>.toHeaderMap(): Map<String, String> = associateTo(LinkedHashMap()) { it.name to it.value }

/** The headers to add, as a name → value map that iterates in the signer's order. */
val SignedRequest.headerMap: Map<String, String>
    get() = headers.toHeaderMap()

/**
 * The CyberSource headers to send, in order: `v-c-merchant-id`, `Date`, `Host`,
 * `Digest` (POST, PUT and PATCH only) and `Signature`.
 *
 * [sharedSecret] is the base64 text CyberSource issues; [method] is GET, POST, PUT,
 * PATCH or DELETE in any case; [requestTarget] is the path and query as sent;
 * [date] is an IMF-fixdate (`Thu, 18 Jul 2019 00:18:03 GMT`), `null` meaning now.
 *
 * @throws PaysignException.InvalidArgument naming the bad argument.
 */
@JvmOverloads
@Throws(PaysignException::class)
fun cybersourceSignature(
    keyId: String,
    sharedSecret: String,
    merchantId: String,
    host: String,
    method: String,
    requestTarget: String,
    body: ByteArray? = null,
    date: String? = null,
): Map<String, String> =
    cybersourceSignatureHeaders(keyId, sharedSecret, merchantId, host, method, requestTarget, body, date)
        .toHeaderMap()

/** [cybersourceSignature] with a text body (its UTF-8 bytes are signed). */
@JvmOverloads
@Throws(PaysignException::class)
fun cybersourceSignature(
    keyId: String,
    sharedSecret: String,
    merchantId: String,
    host: String,
    method: String,
    requestTarget: String,
    body: String,
    date: String? = null,
): Map<String, String> =
    cybersourceSignature(keyId, sharedSecret, merchantId, host, method, requestTarget, body.utf8(), date)

/** [xPayToken] with a text shared secret (its UTF-8 bytes are the HMAC key). */
@JvmOverloads
@Throws(PaysignException::class)
fun xPayToken(
    sharedSecret: String,
    resourcePath: String,
    queryString: String,
    body: ByteArray? = null,
    timestamp: Long? = null,
): String = xPayToken(sharedSecret.utf8(), resourcePath, queryString, body, timestamp)

/** [xPayToken] with a text shared secret and a text body (UTF-8). */
@JvmOverloads
@Throws(PaysignException::class)
fun xPayToken(
    sharedSecret: String,
    resourcePath: String,
    queryString: String,
    body: String,
    timestamp: Long? = null,
): String = xPayToken(sharedSecret.utf8(), resourcePath, queryString, body.utf8(), timestamp)

/** [xPayToken] with a text body (UTF-8). */
@JvmOverloads
@Throws(PaysignException::class)
fun xPayToken(
    sharedSecret: ByteArray,
    resourcePath: String,
    queryString: String,
    body: String,
    timestamp: Long? = null,
): String = xPayToken(sharedSecret, resourcePath, queryString, body.utf8(), timestamp)

/** [verifyXPayToken] with a text shared secret (UTF-8). */
@JvmOverloads
@Throws(PaysignException::class)
fun verifyXPayToken(
    sharedSecret: String,
    token: String,
    resourcePath: String,
    queryString: String,
    body: ByteArray? = null,
    now: Long? = null,
    maxSkew: Long? = null,
) = verifyXPayToken(sharedSecret.utf8(), token, resourcePath, queryString, body, now, maxSkew)

/** [verifyXPayToken] with a text shared secret and a text body (UTF-8). */
@JvmOverloads
@Throws(PaysignException::class)
fun verifyXPayToken(
    sharedSecret: String,
    token: String,
    resourcePath: String,
    queryString: String,
    body: String,
    now: Long? = null,
    maxSkew: Long? = null,
) = verifyXPayToken(sharedSecret.utf8(), token, resourcePath, queryString, body.utf8(), now, maxSkew)

/** [verifyXPayToken] with a text body (UTF-8). */
@JvmOverloads
@Throws(PaysignException::class)
fun verifyXPayToken(
    sharedSecret: ByteArray,
    token: String,
    resourcePath: String,
    queryString: String,
    body: String,
    now: Long? = null,
    maxSkew: Long? = null,
) = verifyXPayToken(sharedSecret, token, resourcePath, queryString, body.utf8(), now, maxSkew)

/** [verifyCybersourceSignature] with a text body (UTF-8). */
@JvmOverloads
@Throws(PaysignException::class)
fun verifyCybersourceSignature(
    sharedSecret: String,
    headers: Map<String, String>,
    method: String,
    requestTarget: String,
    body: String,
    now: Long? = null,
    maxSkew: Long? = null,
) = verifyCybersourceSignature(sharedSecret, headers, method, requestTarget, body.utf8(), now, maxSkew)

/** An [XPaySigner] with a text shared secret (UTF-8). */
@JvmOverloads
@Throws(PaysignException::class)
fun XPaySigner(apiKey: String, sharedSecret: String, fullPath: Boolean = false): XPaySigner =
    XPaySigner(apiKey, sharedSecret.utf8(), fullPath)

/** Signs `method url` now with a text body (UTF-8). */
@Throws(PaysignException::class)
fun XPaySigner.sign(method: String, url: String, body: String): SignedRequest = sign(method, url, body.utf8())

/** Signs `method url` now with a text body (UTF-8). */
@Throws(PaysignException::class)
fun CyberSourceSigner.sign(method: String, url: String, body: String): SignedRequest = sign(method, url, body.utf8())

/** Signs `method url` now with a text body (UTF-8). */
@Throws(PaysignException::class)
fun PaySimpleSigner.sign(method: String, url: String, body: String): SignedRequest = sign(method, url, body.utf8())

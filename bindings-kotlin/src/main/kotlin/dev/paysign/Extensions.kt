@file:JvmName("PaysignExtensions")

// Hand-written Kotlin conveniences over the uniffi-generated API (paysign.kt,
// generated at build time): text overloads for secrets and bodies (used as their
// UTF-8 bytes), the CyberSource headers as an ordered Map, the time override as a
// Long, String or Instant, and received headers as pairs. Conversions only: every
// rule and default is in the Rust core. Java callers use the `Paysign` object
// (Paysign.kt), which gathers all of it as static methods.

package dev.paysign

import java.time.Instant

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



// ---- The time override: `null` is now, a Long is Unix seconds, a String the exact
// text signed, an Instant its seconds and nanoseconds.

/** Unix seconds [secs] (and [nanos] within the second). */
fun timeOf(secs: Long, nanos: Int = 0): Time = Time.Unix(secs, nanos)

/** This exact text, signed as given. */
fun timeOf(text: String): Time = Time.Text(text)

/** This instant, to the nanosecond (only PaySimple signs the fraction). */
fun timeOf(instant: Instant): Time = Time.Unix(instant.epochSecond, instant.nano)

/** Signs `method url` with a text body (UTF-8) at [time] (`null`: now). */
@Throws(PaysignException::class)
fun XPaySigner.sign(method: String, url: String, body: String, time: Time? = null): SignedRequest =
    sign(method, url, body.utf8(), time)

/** Signs at Unix seconds [time]. */
@Throws(PaysignException::class)
fun XPaySigner.sign(method: String, url: String, body: ByteArray? = null, time: Long): SignedRequest =
    sign(method, url, body, timeOf(time))

/** Signs with this exact timestamp text. */
@Throws(PaysignException::class)
fun XPaySigner.sign(method: String, url: String, body: ByteArray? = null, time: String): SignedRequest =
    sign(method, url, body, timeOf(time))

/** Signs at this instant. */
@Throws(PaysignException::class)
fun XPaySigner.sign(method: String, url: String, body: ByteArray? = null, time: Instant): SignedRequest =
    sign(method, url, body, timeOf(time))

/** Signs `method url` with a text body (UTF-8) at [time] (`null`: now). */
@Throws(PaysignException::class)
fun CyberSourceSigner.sign(method: String, url: String, body: String, time: Time? = null): SignedRequest =
    sign(method, url, body.utf8(), time)

/** Signs at Unix seconds [time] (formatted as the `Date`). */
@Throws(PaysignException::class)
fun CyberSourceSigner.sign(method: String, url: String, body: ByteArray? = null, time: Long): SignedRequest =
    sign(method, url, body, timeOf(time))

/** Signs with this exact `Date` text (an IMF-fixdate). */
@Throws(PaysignException::class)
fun CyberSourceSigner.sign(method: String, url: String, body: ByteArray? = null, time: String): SignedRequest =
    sign(method, url, body, timeOf(time))

/** Signs at this instant (whole seconds: the `Date` carries no fraction). */
@Throws(PaysignException::class)
fun CyberSourceSigner.sign(method: String, url: String, body: ByteArray? = null, time: Instant): SignedRequest =
    sign(method, url, body, timeOf(time))

/** Signs `method url` with a text body (UTF-8) at [time] (`null`: now). */
@Throws(PaysignException::class)
fun PaySimpleSigner.sign(method: String, url: String, body: String, time: Time? = null): SignedRequest =
    sign(method, url, body.utf8(), time)

/** Signs at Unix seconds [time]. */
@Throws(PaysignException::class)
fun PaySimpleSigner.sign(method: String, url: String, body: ByteArray? = null, time: Long): SignedRequest =
    sign(method, url, body, timeOf(time))

/** Signs with this exact timestamp text (ISO-8601). */
@Throws(PaysignException::class)
fun PaySimpleSigner.sign(method: String, url: String, body: ByteArray? = null, time: String): SignedRequest =
    sign(method, url, body, timeOf(time))

/** Signs at this instant, to the 100 ns PaySimple's timestamp carries. */
@Throws(PaysignException::class)
fun PaySimpleSigner.sign(method: String, url: String, body: ByteArray? = null, time: Instant): SignedRequest =
    sign(method, url, body, timeOf(time))

// ---- Received headers as pairs, as a server framework hands them over (in order,
// duplicates kept: a Map would hide a duplicated header).

/** These pairs as the headers a verifier or diagnosis reads. */
fun List<Pair<String, String>>.toHttpHeaders(): List<HttpHeader> = map { (name, value) -> HttpHeader(name, value) }

/** Verifies a request whose headers are (name, value) pairs. */
@Throws(PaysignException::class)
fun XPayVerifier.verify(method: String, url: String, headers: List<Pair<String, String>>, body: ByteArray? = null, now: Long? = null): Verified =
    verify(method, url, headers.toHttpHeaders(), body, now)

/** Verifies a request whose headers are (name, value) pairs. */
@Throws(PaysignException::class)
fun CyberSourceVerifier.verify(method: String, url: String, headers: List<Pair<String, String>>, body: ByteArray? = null, now: Long? = null): Verified =
    verify(method, url, headers.toHttpHeaders(), body, now)

/** Verifies a request whose headers are (name, value) pairs. */
@Throws(PaysignException::class)
fun PaySimpleVerifier.verify(method: String, url: String, headers: List<Pair<String, String>>, body: ByteArray? = null, now: Long? = null): Verified =
    verify(method, url, headers.toHttpHeaders(), body, now)

/** Verifies a notification whose headers are (name, value) pairs. */
@Throws(PaysignException::class)
fun CyberSourceWebhookVerifier.verify(headers: List<Pair<String, String>>, body: ByteArray, now: Long? = null): Verified =
    verify(headers.toHttpHeaders(), body, now)

/** Verifies a notification with a text body (its UTF-8 bytes, as received). */
@Throws(PaysignException::class)
fun CyberSourceWebhookVerifier.verify(headers: List<HttpHeader>, body: String, now: Long? = null): Verified =
    verify(headers, body.utf8(), now)

/** The `v-c-signature` value for a text body (UTF-8). */
@JvmOverloads
@Throws(PaysignException::class)
fun cybersourceWebhookSignature(keyId: String, key: String, body: String, timestampMs: Long? = null): String =
    cybersourceWebhookSignature(keyId, key, body.utf8(), timestampMs)

// ---- Explain and diagnose with text secrets and bodies.

/** [explainXPayToken] with a text shared secret and body (UTF-8). */
@Throws(PaysignException::class)
fun explainXPayToken(
    apiKey: String,
    sharedSecret: String?,
    method: String,
    url: String,
    body: String,
    fullPath: Boolean = false,
    time: Time? = null,
): Explanation = explainXPayToken(apiKey, sharedSecret?.utf8(), method, url, body.utf8(), fullPath, time)

/** [explainXPayToken] with a text shared secret (UTF-8). */
@Throws(PaysignException::class)
fun explainXPayToken(
    apiKey: String,
    sharedSecret: String,
    method: String,
    url: String,
    body: ByteArray? = null,
    fullPath: Boolean = false,
    time: Time? = null,
): Explanation = explainXPayToken(apiKey, sharedSecret.utf8(), method, url, body, fullPath, time)

/** [explainCybersourceSignature] with a text body (UTF-8). */
@Throws(PaysignException::class)
fun explainCybersourceSignature(
    merchantId: String,
    keyId: String,
    sharedSecret: String?,
    method: String,
    url: String,
    body: String,
    time: Time? = null,
): Explanation = explainCybersourceSignature(merchantId, keyId, sharedSecret, method, url, body.utf8(), time)

/** [diagnoseXPayToken] with a text shared secret (UTF-8). */
@Throws(PaysignException::class)
fun diagnoseXPayToken(
    token: String,
    apiKey: String,
    sharedSecret: String,
    method: String,
    url: String,
    body: ByteArray? = null,
    fullPath: Boolean = false,
    time: Time? = null,
): Diagnosis = diagnoseXPayToken(token, apiKey, sharedSecret.utf8(), method, url, body, fullPath, time)

/** [diagnoseXPayToken] with a text shared secret and body (UTF-8). */
@Throws(PaysignException::class)
fun diagnoseXPayToken(
    token: String,
    apiKey: String,
    sharedSecret: String,
    method: String,
    url: String,
    body: String,
    fullPath: Boolean = false,
    time: Time? = null,
): Diagnosis = diagnoseXPayToken(token, apiKey, sharedSecret.utf8(), method, url, body.utf8(), fullPath, time)

/** [diagnoseCybersourceSignature] with headers as (name, value) pairs and a text body (UTF-8). */
@Throws(PaysignException::class)
@JvmName("diagnoseCybersourceSignaturePairs")
fun diagnoseCybersourceSignature(
    headers: List<Pair<String, String>>,
    merchantId: String,
    keyId: String,
    sharedSecret: String,
    method: String,
    url: String,
    body: String = "",
    time: Time? = null,
): Diagnosis = diagnoseCybersourceSignature(headers.toHttpHeaders(), merchantId, keyId, sharedSecret, method, url, body.utf8(), time)

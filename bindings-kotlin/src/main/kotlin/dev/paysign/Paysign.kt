// The Java face of the library: one class, `dev.paysign.Paysign`, whose static
// methods reach every operation (sign, verify, explain, diagnose, the verifiers
// and webhooks), with Java overloads for the defaults. Each method only
// delegates to the generated uniffi function or the Kotlin convenience of the
// same name (hence the package-qualified calls: an unqualified one would call
// this object's own method).

package dev.paysign

import java.time.Instant

/** Every paysign operation as a static method, for Java (Kotlin may use it too). */
object Paysign {
    // ---- Time overrides for `sign(method, url, body, time)` and explain/diagnose.

    /** The current time (what a `null` time means). */
    @JvmStatic
    fun now(): Time = Time.Now

    /** Unix seconds. */
    @JvmStatic
    fun time(secs: Long): Time = timeOf(secs)

    /** Unix seconds plus nanoseconds (0..999 999 999). */
    @JvmStatic
    fun time(secs: Long, nanos: Int): Time = timeOf(secs, nanos)

    /** This exact text, signed as given. */
    @JvmStatic
    fun time(text: String): Time = timeOf(text)

    /** This instant. */
    @JvmStatic
    fun time(instant: Instant): Time = timeOf(instant)

    // ---- Headers.

    /** One header. */
    @JvmStatic
    fun header(name: String, value: String): HttpHeader = HttpHeader(name, value)

    /** A map's entries as headers, in its iteration order. */
    @JvmStatic
    fun headers(map: Map<String, String>): List<HttpHeader> = map.map { (name, value) -> HttpHeader(name, value) }

    /** Headers as a name → value map in their order (the last value of a repeated name wins). */
    @JvmStatic
    fun headerMap(headers: List<HttpHeader>): Map<String, String> = headers.toHeaderMap()

    // ---- The round-1 flat functions.

    /** The X-Pay-Token for these exact parts; `timestamp` (Unix seconds) defaults to now. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun xPayToken(sharedSecret: ByteArray, resourcePath: String, queryString: String, body: ByteArray? = null, timestamp: Long? = null): String =
        dev.paysign.xPayToken(sharedSecret, resourcePath, queryString, body, timestamp)

    /** [xPayToken] with a text shared secret (UTF-8). */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun xPayToken(sharedSecret: String, resourcePath: String, queryString: String, body: ByteArray? = null, timestamp: Long? = null): String =
        dev.paysign.xPayToken(sharedSecret, resourcePath, queryString, body, timestamp)

    /** [xPayToken] with a text shared secret and body (UTF-8). */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun xPayToken(sharedSecret: String, resourcePath: String, queryString: String, body: String, timestamp: Long? = null): String =
        dev.paysign.xPayToken(sharedSecret, resourcePath, queryString, body, timestamp)

    /** The CyberSource headers to send, in order; `date` (IMF-fixdate) defaults to now. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun cybersourceSignature(
        keyId: String, sharedSecret: String, merchantId: String, host: String, method: String, requestTarget: String,
        body: ByteArray? = null, date: String? = null,
    ): Map<String, String> = dev.paysign.cybersourceSignature(keyId, sharedSecret, merchantId, host, method, requestTarget, body, date)

    /** [cybersourceSignature] with a text body (UTF-8). */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun cybersourceSignature(
        keyId: String, sharedSecret: String, merchantId: String, host: String, method: String, requestTarget: String,
        body: String, date: String? = null,
    ): Map<String, String> = dev.paysign.cybersourceSignature(keyId, sharedSecret, merchantId, host, method, requestTarget, body, date)

    /** The PSSERVER `Authorization` value; `timestamp` (ISO-8601) defaults to now. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun paysimpleHeader(username: String, apiKey: String, timestamp: String? = null): String =
        dev.paysign.paysimpleHeader(username, apiKey, timestamp)

    /** Verifies an X-Pay-Token (±300 s unless [maxSkew]); throws [PaysignException.VerificationFailed]. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun verifyXPayToken(
        sharedSecret: ByteArray, token: String, resourcePath: String, queryString: String,
        body: ByteArray? = null, now: Long? = null, maxSkew: Long? = null,
    ) = dev.paysign.verifyXPayToken(sharedSecret, token, resourcePath, queryString, body, now, maxSkew)

    /** [verifyXPayToken] with a text shared secret (UTF-8). */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun verifyXPayToken(
        sharedSecret: String, token: String, resourcePath: String, queryString: String,
        body: ByteArray? = null, now: Long? = null, maxSkew: Long? = null,
    ) = dev.paysign.verifyXPayToken(sharedSecret, token, resourcePath, queryString, body, now, maxSkew)

    /** Verifies CyberSource headers (names in any case). */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun verifyCybersourceSignature(
        sharedSecret: String, headers: Map<String, String>, method: String, requestTarget: String,
        body: ByteArray? = null, now: Long? = null, maxSkew: Long? = null,
    ) = dev.paysign.verifyCybersourceSignature(sharedSecret, headers, method, requestTarget, body, now, maxSkew)

    /** Verifies a PSSERVER `Authorization` value. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun verifyPaysimpleHeader(header: String, apiKey: String, now: Long? = null, maxSkew: Long? = null) =
        dev.paysign.verifyPaysimpleHeader(header, apiKey, now, maxSkew)

    /** HMAC-SHA-256 of [message] under [key]. */
    @JvmStatic
    fun hmacSha256(key: ByteArray, message: ByteArray): ByteArray = dev.paysign.hmacSha256(key, message)

    /** The version of the paysign core in this library. */
    @JvmStatic
    fun version(): String = paysignVersion()

    // ---- Signers (AutoCloseable; `sign(method, url, body, time)`).

    /** An X-Pay signer; [fullPath] hashes the whole URL path. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun xPaySigner(apiKey: String, sharedSecret: String, fullPath: Boolean = false): XPaySigner =
        XPaySigner(apiKey, sharedSecret.toByteArray(Charsets.UTF_8), fullPath)

    /** An X-Pay signer with a binary shared secret. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun xPaySigner(apiKey: String, sharedSecret: ByteArray, fullPath: Boolean = false): XPaySigner =
        XPaySigner(apiKey, sharedSecret, fullPath)

    /** A CyberSource signer; [sharedSecret] is the base64 text CyberSource issues. */
    @JvmStatic
    @Throws(PaysignException::class)
    fun cyberSourceSigner(merchantId: String, keyId: String, sharedSecret: String): CyberSourceSigner =
        CyberSourceSigner(merchantId, keyId, sharedSecret)

    /** A PaySimple signer. */
    @JvmStatic
    @Throws(PaysignException::class)
    fun paySimpleSigner(username: String, apiKey: String): PaySimpleSigner = PaySimpleSigner(username, apiKey)

    // ---- Explain and diagnose.

    /** What X-Pay signs for this request; with [sharedSecret], the token too. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun explainXPayToken(
        apiKey: String, sharedSecret: String?, method: String, url: String,
        body: ByteArray? = null, fullPath: Boolean = false, time: Time? = null,
    ): Explanation = dev.paysign.explainXPayToken(apiKey, sharedSecret?.toByteArray(Charsets.UTF_8), method, url, body, fullPath, time)

    /** What CyberSource signs for this request; with [sharedSecret], the headers too. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun explainCybersourceSignature(
        merchantId: String, keyId: String, sharedSecret: String?, method: String, url: String,
        body: ByteArray? = null, time: Time? = null,
    ): Explanation = dev.paysign.explainCybersourceSignature(merchantId, keyId, sharedSecret, method, url, body, time)

    /** What PaySimple signs; with [apiKey], the header too. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun explainPaysimpleHeader(username: String, apiKey: String? = null, time: Time? = null): Explanation =
        dev.paysign.explainPaysimpleHeader(username, apiKey, time)

    /** Which known mistakes produced [token] for this request. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun diagnoseXPayToken(
        token: String, apiKey: String, sharedSecret: String, method: String, url: String,
        body: ByteArray? = null, fullPath: Boolean = false, time: Time? = null,
    ): Diagnosis = dev.paysign.diagnoseXPayToken(token, apiKey, sharedSecret, method, url, body, fullPath, time)

    /** Which known mistakes produced the CyberSource [headers] received (in order, duplicates kept). */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun diagnoseCybersourceSignature(
        headers: List<HttpHeader>, merchantId: String, keyId: String, sharedSecret: String, method: String, url: String,
        body: ByteArray? = null, time: Time? = null,
    ): Diagnosis = dev.paysign.diagnoseCybersourceSignature(headers, merchantId, keyId, sharedSecret, method, url, body, time)

    /** Which known mistakes produced the PSSERVER [authorization]; [signedTimestamp] is the text signed, if known. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun diagnosePaysimpleHeader(authorization: String, username: String, apiKey: String, signedTimestamp: String? = null): Diagnosis =
        dev.paysign.diagnosePaysimpleHeader(authorization, username, apiKey, signedTimestamp)

    /** What a webhook notification's `v-c-signature` signs; with [key], the header too. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun explainCybersourceWebhook(keyId: String, key: String? = null, body: ByteArray? = null, time: Time? = null): Explanation =
        dev.paysign.explainCybersourceWebhook(keyId, key, body, time)

    /** Which known mistakes produced the `v-c-signature` in [headers] for the raw [body]. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun diagnoseCybersourceWebhook(headers: List<HttpHeader>, keyId: String, key: String, body: ByteArray? = null, time: Time? = null): Diagnosis =
        dev.paysign.diagnoseCybersourceWebhook(headers, keyId, key, body, time)

    // ---- Whole-request verifiers (shared by every thread; AutoCloseable).

    /** X-Pay: [keys] API key → shared secret; [maxSkew] defaults to Visa's 8 minutes; [replay] on by default. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun xPayVerifier(keys: Map<String, String>, fullPath: Boolean = false, maxSkew: Long? = null, replay: Boolean = true): XPayVerifier =
        XPayVerifier(keys, fullPath, maxSkew, replay, null)

    /** X-Pay, remembering accepted tokens in [replayStore] (shared by a fleet). */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun xPayVerifier(keys: Map<String, String>, replayStore: ReplayStore, fullPath: Boolean = false, maxSkew: Long? = null): XPayVerifier =
        XPayVerifier(keys, fullPath, maxSkew, true, replayStore)

    /** CyberSource: [keys] key id → base64 shared secret; [maxSkew] defaults to 5 minutes. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun cyberSourceVerifier(keys: Map<String, String>, maxSkew: Long? = null, replay: Boolean = true): CyberSourceVerifier =
        CyberSourceVerifier(keys, maxSkew, replay, null)

    /** CyberSource, remembering accepted signatures in [replayStore]. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun cyberSourceVerifier(keys: Map<String, String>, replayStore: ReplayStore, maxSkew: Long? = null): CyberSourceVerifier =
        CyberSourceVerifier(keys, maxSkew, true, replayStore)

    /** PaySimple: [keys] username → API key; [maxSkew] defaults to 5 minutes. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun paySimpleVerifier(keys: Map<String, String>, maxSkew: Long? = null, replay: Boolean = true): PaySimpleVerifier =
        PaySimpleVerifier(keys, maxSkew, replay, null)

    /** PaySimple, remembering accepted headers in [replayStore]. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun paySimpleVerifier(keys: Map<String, String>, replayStore: ReplayStore, maxSkew: Long? = null): PaySimpleVerifier =
        PaySimpleVerifier(keys, maxSkew, true, replayStore)

    // ---- CyberSource webhook notifications.

    /** The `v-c-signature` header value; [timestampMs] (Unix milliseconds) defaults to now. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun cybersourceWebhookSignature(keyId: String, key: String, body: ByteArray, timestampMs: Long? = null): String =
        dev.paysign.cybersourceWebhookSignature(keyId, key, body, timestampMs)

    /** [cybersourceWebhookSignature] with a text body (UTF-8). */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun cybersourceWebhookSignature(keyId: String, key: String, body: String, timestampMs: Long? = null): String =
        dev.paysign.cybersourceWebhookSignature(keyId, key, body, timestampMs)

    /** Webhook notifications: [keys] key id → base64 key; [maxSkew] defaults to 5 minutes. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun cyberSourceWebhookVerifier(keys: Map<String, String>, maxSkew: Long? = null, replay: Boolean = true): CyberSourceWebhookVerifier =
        CyberSourceWebhookVerifier(keys, maxSkew, replay, null)

    /** Webhook notifications, remembering accepted signatures in [replayStore]. */
    @JvmStatic
    @JvmOverloads
    @Throws(PaysignException::class)
    fun cyberSourceWebhookVerifier(keys: Map<String, String>, replayStore: ReplayStore, maxSkew: Long? = null): CyberSourceWebhookVerifier =
        CyberSourceWebhookVerifier(keys, maxSkew, true, replayStore)
}

package dev.paysign

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Sign, then verify (with the defaults: now, ±300 s), and the rejections. */
class RoundTripTest {
    private val secret = "s3cr3t-Shared_Secret"
    private val csSecret = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
    private val body = """{"amount":"10.00","currency":"USD","note":"café"}"""
    private fun nowSeconds() = System.currentTimeMillis() / 1000

    private fun reason(call: () -> Unit): String {
        val e = assertThrows<PaysignException.VerificationFailed>(call)
        assertFalse(e.message!!.contains(secret) || e.message!!.contains(csSecret), e.message)
        return e.reason
    }

    @Test
    fun `xpay round trip with the defaults`() {
        val token = xPayToken(secret, "payments/v1/authorizations", "apikey=K", body)
        val ts = token.split(':')[1].toLong()
        assertTrue(kotlin.math.abs(ts - nowSeconds()) <= 5, token)
        verifyXPayToken(secret, token, "payments/v1/authorizations", "apikey=K", body)
        verifyXPayToken(secret.utf8(), token, "payments/v1/authorizations", "apikey=K", body.utf8())
        // a text body is its UTF-8 bytes
        assertEquals(token, xPayToken(secret.utf8(), "payments/v1/authorizations", "apikey=K", body.utf8(), ts))
        // no body: null, an empty array and an empty string are the same
        val empty = xPayToken(secret, "helloworld", "apikey=K", timestamp = ts)
        assertEquals(empty, xPayToken(secret, "helloworld", "apikey=K", ByteArray(0), ts))
        assertEquals(empty, xPayToken(secret, "helloworld", "apikey=K", "", ts))
    }

    @Test
    fun `xpay rejections`() {
        val token = xPayToken(secret, "helloworld", "apikey=K", body, 1_455_716_783)
        assertEquals("signature_mismatch", reason { verifyXPayToken(secret, token, "helloworld", "apikey=K", "$body ", now = 1_455_716_783) })
        assertEquals("signature_mismatch", reason { verifyXPayToken("other", token, "helloworld", "apikey=K", body, now = 1_455_716_783) })
        assertEquals("timestamp_out_of_window", reason { verifyXPayToken(secret, token, "helloworld", "apikey=K", body) })
        assertEquals(
            "timestamp_out_of_window",
            reason { verifyXPayToken(secret, token, "helloworld", "apikey=K", body, now = 1_455_716_783 + 61, maxSkew = 60) },
        )
        verifyXPayToken(secret, token, "helloworld", "apikey=K", body, now = 1_455_716_783 + 60, maxSkew = 60)
        assertEquals("malformed_header", reason { verifyXPayToken(secret, token.uppercase(), "helloworld", "apikey=K", body) })
        val bad = assertThrows<PaysignException.InvalidArgument> {
            verifyXPayToken(secret, token, "helloworld", "apikey=K", body, maxSkew = -1)
        }
        assertEquals("max_skew", bad.field)
    }

    @Test
    fun `cybersource round trip with the defaults`() {
        val headers = cybersourceSignature("key-1", csSecret, "merchant", "apitest.cybersource.com", "POST", "/pts/v2/payments", body)
        assertEquals(listOf("v-c-merchant-id", "Date", "Host", "Digest", "Signature"), headers.keys.toList())
        assertTrue(headers.getValue("Date").endsWith(" GMT"))
        verifyCybersourceSignature(csSecret, headers, "post", "/pts/v2/payments", body)
        // received names in any case
        verifyCybersourceSignature(csSecret, headers.mapKeys { it.key.lowercase() }, "POST", "/pts/v2/payments", body.utf8())
        val get = cybersourceSignature("key-1", csSecret, "merchant", "apitest.cybersource.com", "GET", "/reporting/v3/reports?x=1")
        assertEquals(listOf("v-c-merchant-id", "Date", "Host", "Signature"), get.keys.toList())
        verifyCybersourceSignature(csSecret, get, "GET", "/reporting/v3/reports?x=1")
    }

    @Test
    fun `cybersource rejections`() {
        val date = "Thu, 18 Jul 2019 00:18:03 GMT"
        val now = 1_563_409_083L
        val headers = cybersourceSignature("key-1", csSecret, "merchant", "h", "PUT", "/p", body, date)
        assertEquals("digest_mismatch", reason { verifyCybersourceSignature(csSecret, headers, "PUT", "/p", "other", now) })
        assertEquals("signature_mismatch", reason { verifyCybersourceSignature(csSecret, headers, "PUT", "/q", body, now) })
        assertEquals("missing_header", reason { verifyCybersourceSignature(csSecret, headers - "Digest", "PUT", "/p", body, now) })
        assertEquals("headers_list_mismatch", reason { verifyCybersourceSignature(csSecret, headers - "Digest", "GET", "/p", body, now) })
        assertEquals("timestamp_out_of_window", reason { verifyCybersourceSignature(csSecret, headers, "PUT", "/p", body) })
    }

    @Test
    fun `paysimple round trip with the defaults`() {
        val header = paysimpleHeader("APIUser1000", "my_api_key")
        assertTrue(header.startsWith("PSSERVER accessid=APIUser1000; timestamp="), header)
        verifyPaysimpleHeader(header, "my_api_key")
        assertEquals("signature_mismatch", reason { verifyPaysimpleHeader(header, "other_key") })
        assertEquals("malformed_header", reason { verifyPaysimpleHeader(header.replace("PSSERVER", "psserver"), "my_api_key") })
        val old = paysimpleHeader("APIUser1000", "my_api_key", "2017-07-20T20:45:44.0973928Z")
        assertEquals("timestamp_out_of_window", reason { verifyPaysimpleHeader(old, "my_api_key") })
        verifyPaysimpleHeader(old, "my_api_key", now = 1_500_583_544)
    }

    @Test
    fun `signers sign now and their output verifies`() {
        XPaySigner("KSKDFJOP934ALSFDJP34", secret).use { signer ->
            val signed = signer.sign("POST", "https://sandbox.api.visa.com/vdp/payments?b=2&a=1", body)
            assertEquals("https://sandbox.api.visa.com/vdp/payments?a=1&apikey=KSKDFJOP934ALSFDJP34&b=2", signed.url)
            assertEquals(listOf("x-pay-token", "Accept", "Content-Type"), signed.headers.map { it.name })
            verifyXPayToken(secret, signed.headerMap.getValue("x-pay-token"), "payments", signed.url.substringAfter('?'), body)
        }
        CyberSourceSigner("merchant", "key-1", csSecret).use { signer ->
            val signed = signer.sign("PATCH", "https://apitest.cybersource.com:8443/pts/v2/payments/1?x=y#frag", body)
            assertEquals("https://apitest.cybersource.com:8443/pts/v2/payments/1?x=y", signed.url)
            assertEquals("apitest.cybersource.com:8443", signed.headerMap["Host"])
            verifyCybersourceSignature(csSecret, signed.headerMap, "PATCH", "/pts/v2/payments/1?x=y", body)
        }
        PaySimpleSigner("APIUser1000", "my_api_key").use { signer ->
            val signed = signer.sign("GET", "https://sandbox-api.paysimple.com/v4/customer")
            verifyPaysimpleHeader(signed.headerMap.getValue("Authorization"), "my_api_key")
        }
    }

    @Test
    fun `errors are one exception hierarchy with the core's messages`() {
        val e = assertThrows<PaysignException> { XPaySigner("K", ByteArray(0)) }
        assertTrue(e is PaysignException.InvalidArgument)
        assertEquals("shared_secret", (e as PaysignException.InvalidArgument).field)

        val nanos = assertThrows<PaysignException.InvalidArgument> {
            PaySimpleSigner("u", "k").use { it.signAt("GET", "https://h/", ByteArray(0), 0, -1) }
        }
        assertEquals("nanos", nanos.field)

        val url = assertThrows<PaysignException.InvalidArgument> {
            XPaySigner("K", secret).use { it.sign("GET", "https://h/vdp/x?apiKey=K") }
        }
        assertEquals("url", url.field)

        val bad = assertThrows<PaysignException.InvalidArgument> {
            cybersourceSignature("key-1", "not base64!", "m", "h", "GET", "/")
        }
        assertEquals("shared_secret", bad.field)
        assertFalse(bad.message!!.contains("not base64!"), bad.message)

        val v = assertThrows<PaysignException.VerificationFailed> { verifyPaysimpleHeader("nope", "my_api_key") }
        assertEquals("malformed_header", v.reason)
        assertTrue(v.message!!.contains("malformed_header"), v.message)
        assertFalse(v.toString().contains("my_api_key"))
    }

    @Test
    fun `the core's version`() {
        assertTrue(paysignVersion().matches(Regex("""\d+\.\d+\.\d+.*""")), paysignVersion())
    }
}

package dev.paysign

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertDoesNotThrow
import org.junit.jupiter.api.assertThrows
import java.util.Base64

/** Every vector of tests/vectors/, one dynamic test each, named as in the file. */
class VectorsTest {
    private fun tests(file: String, section: String, body: (JSONObject) -> Unit): List<DynamicTest> {
        val vectors = Vectors.section(file, section)
        assertTrue(vectors.isNotEmpty(), "$file $section is empty")
        return vectors.map { v ->
            val name = "$file $section ${v.getString("name")}"
            dynamicTest(name) {
                // failures name their vector (Surefire shows dynamic tests by index)
                try {
                    body(v)
                } catch (e: Throwable) {
                    throw AssertionError("$name: ${e.message}", e)
                }
            }
        }
    }

    @Test
    fun `the files have only the sections tested here`() {
        val lists = { file: String -> Vectors.load(file).let { o -> o.keySet().filter { o.get(it) is org.json.JSONArray }.toSet() } }
        assertEquals(setOf("sign", "request"), lists("xpay.json"))
        assertEquals(setOf("sign", "request"), lists("cybersource.json"))
        assertEquals(setOf("sign", "request"), lists("paysimple.json"))
        assertEquals(setOf("cases"), lists("hmac_sha256_rfc4231.json"))
        assertEquals(setOf("xpay", "cybersource", "paysimple"), lists("verify.json"))
        assertEquals(setOf("xpay", "cybersource", "paysimple"), lists("invalid.json"))
    }

    // ---- X-Pay-Token ------------------------------------------------------------

    @TestFactory
    fun xpaySign() = tests("xpay.json", "sign") { v ->
        val expected = v.getJSONObject("expected")
        val secret = v.getString("shared_secret")
        val body = Vectors.body(v)
        val token = xPayToken(secret.utf8(), v.getString("resource_path"), v.getString("query_string"), body, v.getLong("timestamp"))
        assertEquals(expected.getString("token"), token)
        // the text overload signs the UTF-8 bytes of the secret
        assertEquals(token, xPayToken(secret, v.getString("resource_path"), v.getString("query_string"), body, v.getLong("timestamp")))
        if (expected.has("message_b64")) {
            val message = Base64.getDecoder().decode(expected.getString("message_b64"))
            assertEquals(token.substringAfterLast(':'), Vectors.hex(hmacSha256(secret.utf8(), message)))
        }
    }

    @TestFactory
    fun xpayRequest() = tests("xpay.json", "request") { v ->
        val expected = v.getJSONObject("expected")
        val body = Vectors.body(v)
        val secret = v.getString("shared_secret").utf8()
        XPaySigner(v.getString("api_key"), secret, v.getBoolean("full_path")).use { signer ->
            val signed = signer.signAt(v.getString("method"), v.getString("url"), body, v.getLong("timestamp"))
            assertEquals(expected.getString("url"), signed.url)
            assertEquals(expected.getString("query_string"), signed.url.substringAfter('?'))
            // the one time override gives the same request in every form
            val ts = v.getLong("timestamp")
            for (form in listOf(
                signer.sign(v.getString("method"), v.getString("url"), body, Time.Unix(ts, 0)),
                signer.sign(v.getString("method"), v.getString("url"), body, ts),
                signer.sign(v.getString("method"), v.getString("url"), body, ts.toString()),
                signer.sign(v.getString("method"), v.getString("url"), body, java.time.Instant.ofEpochSecond(ts)),
            )) {
                assertEquals(signed, form)
            }
            assertEquals(Vectors.headers(expected.getJSONObject("headers")), signed.headerMap)
            // the token covers exactly the expected resource path and query
            verifyXPayToken(
                secret,
                signed.headerMap.getValue("x-pay-token"),
                expected.getString("resource_path"),
                expected.getString("query_string"),
                body,
                now = v.getLong("timestamp"),
            )
        }
    }

    // ---- CyberSource --------------------------------------------------------------

    @TestFactory
    fun cybersourceSign() = tests("cybersource.json", "sign") { v ->
        val expected = v.getJSONObject("expected")
        val headers = cybersourceSignature(
            keyId = v.getString("key_id"),
            sharedSecret = v.getString("shared_secret"),
            merchantId = v.getString("merchant_id"),
            host = v.getString("host"),
            method = v.getString("method"),
            requestTarget = v.getString("request_target"),
            body = Vectors.body(v),
            date = v.getString("date"),
        )
        val want = Vectors.headers(expected.getJSONObject("headers"))
        assertEquals(want, headers)
        val order = listOf("v-c-merchant-id", "Date", "Host", "Digest", "Signature").filter { it in want }
        assertEquals(order, headers.keys.toList())
        val mac = hmacSha256(Base64.getDecoder().decode(v.getString("shared_secret")), expected.getString("signing_string").utf8())
        assertTrue(headers.getValue("Signature").endsWith("signature=\"${Base64.getEncoder().encodeToString(mac)}\""))
    }

    @TestFactory
    fun cybersourceRequest() = tests("cybersource.json", "request") { v ->
        val expected = v.getJSONObject("expected")
        val body = Vectors.body(v)
        CyberSourceSigner(v.getString("merchant_id"), v.getString("key_id"), v.getString("shared_secret")).use { signer ->
            val signed = signer.signAt(v.getString("method"), v.getString("url"), body, v.getLong("time"))
            assertEquals(expected.getString("url"), signed.url)
            val t = v.getLong("time")
            for (form in listOf(
                signer.sign(v.getString("method"), v.getString("url"), body, t),
                signer.sign(v.getString("method"), v.getString("url"), body, expected.getString("date")),
                signer.sign(v.getString("method"), v.getString("url"), body, java.time.Instant.ofEpochSecond(t)),
            )) {
                assertEquals(signed, form)
            }
            assertEquals(Vectors.headers(expected.getJSONObject("headers")), signed.headerMap)
            assertEquals(expected.getString("host"), signed.headerMap["Host"])
            assertEquals(expected.getString("date"), signed.headerMap["Date"])
            // the signature covers exactly the expected request target
            verifyCybersourceSignature(
                v.getString("shared_secret"),
                signed.headerMap,
                v.getString("method"),
                expected.getString("request_target"),
                body,
                now = v.getLong("time"),
            )
        }
    }

    // ---- PaySimple ----------------------------------------------------------------

    @TestFactory
    fun paysimpleSign() = tests("paysimple.json", "sign") { v ->
        val expected = v.getJSONObject("expected")
        val header = paysimpleHeader(v.getString("username"), v.getString("api_key"), v.getString("timestamp"))
        assertEquals(expected.getString("header"), header)
        assertEquals(expected.getString("signature"), header.substringAfterLast("; signature="))
    }

    @TestFactory
    fun paysimpleRequest() = tests("paysimple.json", "request") { v ->
        val expected = v.getJSONObject("expected")
        PaySimpleSigner(v.getString("username"), v.getString("api_key")).use { signer ->
            val signed = signer.signAt(v.getString("method"), v.getString("url"), ByteArray(0), v.getLong("time"), v.getInt("nanos"))
            assertEquals(Vectors.headers(expected.getJSONObject("headers")), signed.headerMap)
            val url = v.getString("url")
            for (form in listOf(
                signer.sign(v.getString("method"), url, null, Time.Unix(v.getLong("time"), v.getInt("nanos"))),
                signer.sign(v.getString("method"), url, null, expected.getString("timestamp")),
                signer.sign(v.getString("method"), url, null, java.time.Instant.ofEpochSecond(v.getLong("time"), v.getLong("nanos"))),
            )) {
                assertEquals(signed, form)
            }
            assertTrue(signed.headerMap.getValue("Authorization").contains("; timestamp=${expected.getString("timestamp")}; "))
        }
    }

    // ---- HMAC-SHA-256 (RFC 4231) --------------------------------------------------

    @TestFactory
    fun hmacRfc4231() = tests("hmac_sha256_rfc4231.json", "cases") { v ->
        val mac = hmacSha256(Vectors.unhex(v.getString("key_hex")), Vectors.unhex(v.getString("data_hex")))
        assertEquals(32, mac.size)
        assertEquals(v.getString("mac_hex"), Vectors.hex(mac).take(v.getInt("truncate_bits") / 4))
    }

    // ---- verify.json ----------------------------------------------------------------

    private fun outcome(expected: String, call: () -> Unit) {
        if (expected == "valid") {
            assertDoesNotThrow(call)
        } else {
            val e = assertThrows<PaysignException.VerificationFailed>(call)
            assertEquals(expected, e.reason, e.detail)
            assertTrue(e.detail.startsWith("verification failed: "), e.detail)
        }
    }

    @TestFactory
    fun verifyXpay() = tests("verify.json", "xpay") { v ->
        outcome(v.getString("expected")) {
            verifyXPayToken(
                v.getString("shared_secret").utf8(),
                v.getString("token"),
                v.getString("resource_path"),
                v.getString("query_string"),
                Vectors.body(v),
                v.getLong("now"),
                v.getLong("max_skew"),
            )
        }
    }

    @TestFactory
    fun verifyCybersource() = tests("verify.json", "cybersource") { v ->
        outcome(v.getString("expected")) {
            verifyCybersourceSignature(
                v.getString("shared_secret"),
                Vectors.headers(v.getJSONObject("headers")),
                v.getString("method"),
                v.getString("request_target"),
                Vectors.body(v),
                v.getLong("now"),
                v.getLong("max_skew"),
            )
        }
    }

    @TestFactory
    fun verifyPaysimple() = tests("verify.json", "paysimple") { v ->
        outcome(v.getString("expected")) {
            verifyPaysimpleHeader(v.getString("header"), v.getString("api_key"), v.getLong("now"), v.getLong("max_skew"))
        }
    }

    // ---- invalid.json -----------------------------------------------------------------

    private fun rejects(v: JSONObject, secret: String, call: () -> Unit) {
        val field = v.getString("field")
        val thrown = assertThrows<PaysignException>(call)
        assertTrue(thrown is PaysignException.InvalidArgument, thrown.toString())
        val e = thrown as PaysignException.InvalidArgument
        assertEquals(field, e.field)
        assertTrue(e.detail.startsWith("$field: "), e.detail)
        val message = e.message ?: ""
        assertTrue(message.contains(field), message)
        if (secret.isNotEmpty()) {
            assertFalse(message.contains(secret), "the message shows the secret: $message")
            assertFalse(e.toString().contains(secret), "toString shows the secret: $e")
        }
    }

    @TestFactory
    fun invalidXpay() = tests("invalid.json", "xpay") { v ->
        val a = v.getJSONObject("args")
        rejects(v, a.getString("shared_secret")) {
            xPayToken(a.getString("shared_secret"), a.getString("resource_path"), a.getString("query_string"), Vectors.body(a), a.getLong("timestamp"))
        }
    }

    @TestFactory
    fun invalidCybersource() = tests("invalid.json", "cybersource") { v ->
        val a = v.getJSONObject("args")
        rejects(v, a.getString("shared_secret")) {
            cybersourceSignature(
                a.getString("key_id"),
                a.getString("shared_secret"),
                a.getString("merchant_id"),
                a.getString("host"),
                a.getString("method"),
                a.getString("request_target"),
                Vectors.body(a),
                a.getString("date"),
            )
        }
    }

    @TestFactory
    fun invalidPaysimple() = tests("invalid.json", "paysimple") { v ->
        val a = v.getJSONObject("args")
        rejects(v, a.getString("api_key")) {
            paysimpleHeader(a.getString("username"), a.getString("api_key"), a.getString("timestamp"))
        }
    }

    @Test
    fun `bodies repeat as the README says`() {
        val big = Vectors.section("xpay.json", "sign").first { it.optInt("body_repeat", 1) > 1 }
        val one = Base64.getDecoder().decode(big.getString("body_b64"))
        val body = Vectors.body(big)
        assertEquals(one.size * big.getInt("body_repeat"), body.size)
        assertArrayEquals(one, body.copyOfRange(body.size - one.size, body.size))
    }
}

package dev.paysign

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory

/**
 * Every case of tests/adversarial/cases.json through the whole-request verifier
 * of its scheme: refused with exactly its `reason`, or accepted when `reason` is null.
 * A `replay_of` case goes to the verifier that accepted the case it names.
 */
class AdversarialTableTest {
    /** Verifies `request` with `verifier`, giving the reason refused (null: accepted). */
    private fun reason(verifier: Any, request: JSONObject, now: Long, secrets: Collection<String>): String? {
        val method = request.getString("method")
        val url = request.optString("url", "/")
        val headers = Tables.headers(request.getJSONArray("headers"))
        val body = request.optString("body", "").utf8()
        return try {
            val verified = when (verifier) {
                is XPayVerifier -> verifier.verify(method, url, headers, body, now)
                is CyberSourceVerifier -> verifier.verify(method, url, headers, body, now)
                is PaySimpleVerifier -> verifier.verify(method, url, headers, body, now)
                is CyberSourceWebhookVerifier -> verifier.verify(headers, body, now)
                else -> fail("not a verifier: $verifier")
            }
            assertNotNull(verified.keyId)
            null
        } catch (e: PaysignException.VerificationFailed) {
            for (secret in secrets) assertFalse(e.message!!.contains(secret), e.message)
            e.reason
        }
    }

    private fun verifier(case: JSONObject): AutoCloseable {
        val keys = Tables.map(case.getJSONObject("keys"))
        val maxSkew = Tables.optLong(case, "max_skew")
        return when (val scheme = case.getString("scheme")) {
            "xpay" -> XPayVerifier(keys, fullPath = case.optBoolean("full_path", false), maxSkew = maxSkew)
            "cybersource" -> CyberSourceVerifier(keys, maxSkew = maxSkew)
            "paysimple" -> PaySimpleVerifier(keys, maxSkew = maxSkew)
            "cybersource-webhook" -> CyberSourceWebhookVerifier(keys, maxSkew = maxSkew)
            else -> fail("unknown scheme $scheme")
        }
    }

    @TestFactory
    fun cases(): List<DynamicTest> {
        val cases = Tables.cases("adversarial")
        assertTrue(cases.isNotEmpty())
        // Verifiers by case name, for the `replay_of` cases that follow (the table is in order).
        val verifiers = HashMap<String, AutoCloseable>()
        return cases.map { case ->
            DynamicTest.dynamicTest(case.getString("name")) {
                val replayOf = Tables.optString(case, "replay_of")
                val verifier = if (replayOf != null) {
                    verifiers[replayOf] ?: fail("replay_of names $replayOf, which is not an earlier case")
                } else {
                    verifier(case).also { verifiers[case.getString("name")] = it }
                }
                val secrets = Tables.map(case.getJSONObject("keys")).values.filter { it.length >= 4 }
                val got = reason(verifier, case.getJSONObject("request"), case.getLong("now"), secrets)
                assertEquals(Tables.optString(case, "reason"), got)
            }
        }
    }
}

package dev.paysign

import org.json.JSONArray
import org.json.JSONObject
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.Base64

/** Reads tests/vectors/ (format: tests/vectors/README.md); Maven passes its path. */
object Vectors {
    val dir: Path = Paths.get(System.getProperty("paysign.vectors") ?: "../tests/vectors")

    fun load(file: String): JSONObject = JSONObject(Files.readString(dir.resolve(file), Charsets.UTF_8))

    fun section(file: String, name: String): List<JSONObject> = load(file).getJSONArray(name).objects()

    /** `body_b64` decoded, repeated `body_repeat` times (default 1). */
    fun body(v: JSONObject): ByteArray {
        val one = Base64.getDecoder().decode(v.optString("body_b64", ""))
        val repeat = v.optInt("body_repeat", 1)
        val out = ByteArray(one.size * repeat)
        for (i in 0 until repeat) one.copyInto(out, i * one.size)
        return out
    }

    fun headers(o: JSONObject): Map<String, String> = o.keySet().associateWith { o.getString(it) }

    fun hex(bytes: ByteArray): String = bytes.joinToString("") { "%02x".format(it) }

    fun unhex(text: String): ByteArray = ByteArray(text.length / 2) { text.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
}

fun JSONArray.objects(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }

fun String.utf8(): ByteArray = toByteArray(Charsets.UTF_8)

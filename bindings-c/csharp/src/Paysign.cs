// paysign for C# over libpaysign: signing and verification of Visa X-Pay-Token,
// CyberSource HTTP Signature (and webhook v-c-signature) and PaySimple PSSERVER
// requests, explain and diagnose.
// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Every rule lives in the library; this file only converts values and maps
// status codes to exceptions. Results come back as library objects read
// through their accessors (no text is parsed); received headers go in as two
// arrays. The library is $PAYSIGN_LIB (a full path to libpaysign.so) when that
// variable is set, else "libpaysign.so" as dlopen finds it: LD_LIBRARY_PATH,
// the ld.so cache, /usr/lib. Works on Mono and on .NET (Linux, glibc).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace Dev.Paysign
{
    /// <summary>The library's status codes (paysign_status in paysign.h; a test checks them against it).</summary>
    public enum Status
    {
        Ok = 0,
        NullArgument = 1,
        InvalidUtf8 = 2,
        InvalidArgument = 3,
        BufferTooSmall = 4,
        VerificationFailed = 5,
        InternalError = 6,
    }

    /// <summary>
    /// A bad argument: one paysign cannot use. <see cref="Exception.Message"/> is
    /// "&lt;field&gt;: &lt;problem&gt;" and <see cref="ArgumentException.ParamName"/> names the argument
    /// as the library does ("key_id", "date", "url", ...). Messages never contain a secret.
    /// </summary>
    public class PaysignException : ArgumentException
    {
        private readonly string message;

        public PaysignException(string message, string field) : base(message, field)
        {
            this.message = message;
        }

        /// <summary>The library's message, as is.</summary>
        public override string Message { get { return message; } }

        /// <summary>The argument the failure is about, or null (always for a verification failure).</summary>
        public string Field { get { return ParamName; } }
    }

    /// <summary>
    /// A request that did not verify. <see cref="Reason"/> is a stable code: malformed_header,
    /// missing_header, timestamp_out_of_window, signature_mismatch, digest_mismatch,
    /// headers_list_mismatch, unsupported_algorithm, unknown_key_id, unknown_access_id, unknown_key,
    /// duplicate_header, replayed, replay_store_unavailable.
    /// </summary>
    public class VerificationException : PaysignException
    {
        public VerificationException(string message, string reason) : base(message, null)
        {
            Reason = reason;
        }

        public string Reason { get; private set; }
    }

    /// <summary>What a signer gives: the URL to send and the headers to add, in order.</summary>
    public sealed class SignedRequest
    {
        internal SignedRequest(string url, IReadOnlyList<KeyValuePair<string, string>> headers)
        {
            Url = url;
            Headers = headers;
        }

        public string Url { get; private set; }
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; }
    }

    /// <summary>When a request is signed: now, Unix seconds (and nanoseconds where a scheme signs a
    /// fraction: PaySimple), or the exact text to sign.</summary>
    public sealed class SignTime
    {
        internal readonly long UnixTime;
        internal readonly uint Nanos;
        internal readonly string Text;

        private SignTime(long unixTime, uint nanos, string text)
        {
            UnixTime = unixTime;
            Nanos = nanos;
            Text = text;
        }

        public static readonly SignTime Now = new SignTime(long.MinValue, 0, null);

        public static SignTime Unix(long seconds, uint nanos = 0) { return new SignTime(seconds, nanos, null); }

        /// <summary>Decimal Unix seconds (X-Pay), an IMF-fixdate (CyberSource), ISO-8601 (PaySimple),
        /// decimal Unix milliseconds (webhook).</summary>
        public static SignTime Exactly(string text)
        {
            if (text == null) throw new ArgumentNullException("text");
            return new SignTime(long.MinValue, 0, text);
        }
    }

    /// <summary>One part of a signed message: its name, its value as signed, where it came from.</summary>
    public sealed class ExplanationPart
    {
        internal ExplanationPart(string name, string value, string why) { Name = name; Value = value; Why = why; }
        public string Name { get; private set; }
        public string Value { get; private set; }
        public string Why { get; private set; }
    }

    /// <summary>What a scheme signs for a request.</summary>
    public sealed class Explanation
    {
        public string Scheme { get; internal set; }
        /// <summary>The exact bytes the HMAC covers.</summary>
        public byte[] Signed { get; internal set; }
        public IReadOnlyList<ExplanationPart> Parts { get; internal set; }
        /// <summary>The headers to send (empty when no secret was given).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; internal set; }
        /// <summary>What the paysign command prints.</summary>
        public string Text { get; internal set; }
    }

    /// <summary>Whether a received value is the correct one; if not, the known mistakes that produce
    /// it (ids, most likely first), what to fix, and the correct value (null when unknown).</summary>
    public sealed class Diagnosis
    {
        public bool Valid { get; internal set; }
        public IReadOnlyList<string> Mistakes { get; internal set; }
        public string Message { get; internal set; }
        public string Expected { get; internal set; }
    }

    /// <summary>What a verifier accepted.</summary>
    public sealed class Verified
    {
        public string Scheme { get; internal set; }
        /// <summary>The API key, key id or username that matched.</summary>
        public string KeyId { get; internal set; }
        /// <summary>CyberSource's v-c-merchant-id; null for the other schemes.</summary>
        public string MerchantId { get; internal set; }
        /// <summary>When it was signed, Unix seconds.</summary>
        public long Timestamp { get; internal set; }
        /// <summary>The names of what the credential covered.</summary>
        public IReadOnlyList<string> Signed { get; internal set; }
    }

    /// <summary>A library object freed once, by Dispose or the finalizer.</summary>
    public abstract class Handle : SafeHandle
    {
        protected Handle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        internal IntPtr Ptr { get { if (IsClosed) throw new ObjectDisposedException(GetType().Name); return handle; } }
        internal void Set(IntPtr p) { SetHandle(p); }
    }

    /// <summary>Signs Visa X-Pay requests for one API key and shared secret. Thread-safe.</summary>
    public sealed class XPaySigner : Handle
    {
        public XPaySigner(string apiKey, string sharedSecret, bool fullPath = false)
        {
            using (var a = new Args())
            {
                IntPtr k = a.Text(apiKey, "api_key"), s = a.Text(sharedSecret, "shared_secret");
                IntPtr p;
                Paysign.Check(Lib.XPaySignerNew(k, s, fullPath ? 1 : 0, out p));
                Set(p);
            }
        }

        public string ApiKey { get { try { return Paysign.Utf8At(Lib.XPaySignerApiKey(Ptr)); } finally { GC.KeepAlive(this); } } }
        public bool FullPath { get { try { return Lib.XPaySignerFullPath(Ptr) != 0; } finally { GC.KeepAlive(this); } } }

        /// <summary>The URL to send (query sorted, apikey added) and x-pay-token, Accept, Content-Type.</summary>
        public SignedRequest Sign(string method, string url, byte[] body = null, SignTime time = null)
        {
            return Paysign.SignWith(this, method, url, body, time, Lib.XPaySignerSign);
        }

        protected override bool ReleaseHandle() { Lib.XPaySignerFree(handle); return true; }
    }

    /// <summary>Signs CyberSource requests for one merchant. Thread-safe.</summary>
    public sealed class CyberSourceSigner : Handle
    {
        public CyberSourceSigner(string merchantId, string keyId, string sharedSecret)
        {
            using (var a = new Args())
            {
                IntPtr m = a.Text(merchantId, "merchant_id"), k = a.Text(keyId, "key_id"),
                    s = a.Text(sharedSecret, "shared_secret");
                IntPtr p;
                Paysign.Check(Lib.CybersourceSignerNew(m, k, s, out p));
                Set(p);
            }
        }

        public string MerchantId { get { try { return Paysign.Utf8At(Lib.CybersourceSignerMerchantId(Ptr)); } finally { GC.KeepAlive(this); } } }
        public string KeyId { get { try { return Paysign.Utf8At(Lib.CybersourceSignerKeyId(Ptr)); } finally { GC.KeepAlive(this); } } }

        /// <summary>The URL to send and v-c-merchant-id, Date, Host, Digest (POST/PUT/PATCH), Signature.</summary>
        public SignedRequest Sign(string method, string url, byte[] body = null, SignTime time = null)
        {
            return Paysign.SignWith(this, method, url, body, time, Lib.CybersourceSignerSign);
        }

        protected override bool ReleaseHandle() { Lib.CybersourceSignerFree(handle); return true; }
    }

    /// <summary>Signs PaySimple requests for one API user. Thread-safe.</summary>
    public sealed class PaySimpleSigner : Handle
    {
        public PaySimpleSigner(string username, string apiKey)
        {
            using (var a = new Args())
            {
                IntPtr u = a.Text(username, "username"), k = a.Text(apiKey, "api_key");
                IntPtr p;
                Paysign.Check(Lib.PaysimpleSignerNew(u, k, out p));
                Set(p);
            }
        }

        public string Username { get { try { return Paysign.Utf8At(Lib.PaysimpleSignerUsername(Ptr)); } finally { GC.KeepAlive(this); } } }

        /// <summary>The URL to send and Authorization.</summary>
        public SignedRequest Sign(string method, string url, byte[] body = null, SignTime time = null)
        {
            return Paysign.SignWith(this, method, url, body, time, Lib.PaysimpleSignerSign);
        }

        protected override bool ReleaseHandle() { Lib.PaysimpleSignerFree(handle); return true; }
    }

    /// <summary>
    /// Verifies whole requests of one scheme against a keyring, within the scheme's window,
    /// refusing replays (an in-process memory of 100000 credentials, shared by every thread).
    /// </summary>
    public abstract class Verifier : Handle
    {
        internal delegate int NewFn(IntPtr ids, IntPtr secrets, UIntPtr count, out IntPtr verifier);

        internal void Make(IDictionary<string, string> keys, NewFn make)
        {
            if (keys == null) throw new ArgumentNullException("keys");
            using (var a = new Args())
            {
                var ids = new List<string>(keys.Keys);
                var secrets = new List<string>();
                foreach (var id in ids) secrets.Add(keys[id]);
                IntPtr i = a.Array(ids, "key_ids"), s = a.Array(secrets, "secrets");
                IntPtr p;
                Paysign.Check(make(i, s, (UIntPtr)ids.Count, out p));
                Set(p);
            }
        }

        internal static long Skew(long? maxSkew) { return maxSkew ?? long.MinValue; }

        /// <summary>Verifies a request as received: method, URL (absolute or the request target),
        /// every header (in order, duplicates included), the exact body; now: Unix seconds or null.</summary>
        public Verified Verify(string method, string url, IEnumerable<KeyValuePair<string, string>> headers,
                               byte[] body = null, long? now = null)
        {
            using (var a = new Args())
            {
                IntPtr m = a.Text(method, "method"), u = a.Text(url, "url"), names, values;
                UIntPtr count = a.Headers(headers, out names, out values);
                IntPtr p;
                Paysign.Check(Lib.VerifierVerify(Ptr, m, u, names, values, count, body, Paysign.Len(body),
                    now ?? long.MinValue, out p));
                GC.KeepAlive(this);
                return Paysign.ReadVerified(p);
            }
        }

        protected override bool ReleaseHandle() { Lib.VerifierFree(handle); return true; }
    }

    /// <summary>X-Pay-Token verifier; keys: API key → shared secret; window: Visa's 8 minutes.</summary>
    public sealed class XPayVerifier : Verifier
    {
        public XPayVerifier(IDictionary<string, string> keys, bool fullPath = false, long? maxSkew = null,
                            bool replay = true)
        {
            Make(keys, (IntPtr i, IntPtr s, UIntPtr n, out IntPtr p) =>
                Lib.XPayVerifierNew(i, s, n, fullPath ? 1 : 0, Skew(maxSkew), replay ? 1 : 0, out p));
        }
    }

    /// <summary>CyberSource verifier; keys: key id → base64 shared secret; window: 5 minutes.</summary>
    public sealed class CyberSourceVerifier : Verifier
    {
        public CyberSourceVerifier(IDictionary<string, string> keys, long? maxSkew = null, bool replay = true)
        {
            Make(keys, (IntPtr i, IntPtr s, UIntPtr n, out IntPtr p) =>
                Lib.CybersourceVerifierNew(i, s, n, Skew(maxSkew), replay ? 1 : 0, out p));
        }
    }

    /// <summary>PaySimple verifier; keys: username → API key; window: 5 minutes.</summary>
    public sealed class PaySimpleVerifier : Verifier
    {
        public PaySimpleVerifier(IDictionary<string, string> keys, long? maxSkew = null, bool replay = true)
        {
            Make(keys, (IntPtr i, IntPtr s, UIntPtr n, out IntPtr p) =>
                Lib.PaysimpleVerifierNew(i, s, n, Skew(maxSkew), replay ? 1 : 0, out p));
        }
    }

    /// <summary>CyberSource webhook notification verifier; keys: key id → base64 key.</summary>
    public sealed class CyberSourceWebhookVerifier : Handle
    {
        public CyberSourceWebhookVerifier(IDictionary<string, string> keys, long? maxSkew = null, bool replay = true)
        {
            if (keys == null) throw new ArgumentNullException("keys");
            using (var a = new Args())
            {
                var ids = new List<string>(keys.Keys);
                var secrets = new List<string>();
                foreach (var id in ids) secrets.Add(keys[id]);
                IntPtr i = a.Array(ids, "key_ids"), s = a.Array(secrets, "secrets"), p;
                Paysign.Check(Lib.WebhookVerifierNew(i, s, (UIntPtr)ids.Count, maxSkew ?? long.MinValue,
                    replay ? 1 : 0, out p));
                Set(p);
            }
        }

        /// <summary>Verifies a notification from its headers and raw body.</summary>
        public Verified Verify(IEnumerable<KeyValuePair<string, string>> headers, byte[] body, long? now = null)
        {
            using (var a = new Args())
            {
                IntPtr names, values, p;
                UIntPtr count = a.Headers(headers, out names, out values);
                Paysign.Check(Lib.WebhookVerifierVerify(Ptr, names, values, count, body, Paysign.Len(body),
                    now ?? long.MinValue, out p));
                GC.KeepAlive(this);
                return Paysign.ReadVerified(p);
            }
        }

        protected override bool ReleaseHandle() { Lib.WebhookVerifierFree(handle); return true; }
    }

    /// <summary>
    /// The flat functions. Times are Unix seconds; null (the default) means now. Bodies are
    /// bytes; null is empty. maxSkew is seconds; null is the default window.
    /// A bad argument throws <see cref="PaysignException"/>, a required null
    /// <see cref="ArgumentNullException"/>, a request that does not verify
    /// <see cref="VerificationException"/>. Thread-safe.
    /// </summary>
    public static class Paysign
    {
        private const long Now = long.MinValue; // PAYSIGN_NOW, PAYSIGN_DEFAULT_MAX_SKEW

        /// <summary>The library's version, e.g. "0.1.0".</summary>
        public static string Version()
        {
            return Utf8At(Lib.Version());
        }

        public static string XPayToken(string sharedSecret, string resourcePath, string queryString,
                                       byte[] body = null, long? timestamp = null)
        {
            using (var a = new Args())
            {
                IntPtr s = a.Text(sharedSecret, "shared_secret"), p = a.Text(resourcePath, "resource_path"),
                    q = a.Text(queryString, "query_string");
                return Output((byte[] o, UIntPtr c, out UIntPtr l) =>
                    Lib.XPayToken(s, p, q, body, Len(body), timestamp ?? Now, o, c, out l));
            }
        }

        /// <summary>The CyberSource headers to send, in order. date: IMF-fixdate, or null for now.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> CybersourceSignature(
            string keyId, string sharedSecret, string merchantId, string host, string method,
            string requestTarget, byte[] body = null, string date = null)
        {
            using (var a = new Args())
            {
                IntPtr k = a.Text(keyId, "key_id"), s = a.Text(sharedSecret, "shared_secret"),
                    m = a.Text(merchantId, "merchant_id"), h = a.Text(host, "host"), me = a.Text(method, "method"),
                    t = a.Text(requestTarget, "request_target"), d = a.Text(date, "date"), p;
                Check(Lib.CybersourceSignature(k, s, m, h, me, t, body, Len(body), d, out p));
                return ReadSigned(p).Headers;
            }
        }

        /// <summary>The PaySimple Authorization value. timestamp: ISO-8601 text, or null for now.</summary>
        public static string PaysimpleHeader(string username, string apiKey, string timestamp = null)
        {
            using (var a = new Args())
            {
                IntPtr u = a.Text(username, "username"), k = a.Text(apiKey, "api_key"), t = a.Text(timestamp, "timestamp");
                return Output((byte[] o, UIntPtr c, out UIntPtr l) => Lib.PaysimpleHeader(u, k, t, o, c, out l));
            }
        }

        /// <summary>The webhook v-c-signature value; timestampMs: Unix milliseconds, or null for now.</summary>
        public static string CybersourceWebhookSignature(string keyId, string key, byte[] body, long? timestampMs = null)
        {
            using (var a = new Args())
            {
                IntPtr i = a.Text(keyId, "key_id"), k = a.Text(key, "key");
                return Output((byte[] o, UIntPtr c, out UIntPtr l) =>
                    Lib.WebhookSignature(i, k, body, Len(body), timestampMs ?? Now, o, c, out l));
            }
        }

        public static byte[] HmacSha256(byte[] key, byte[] data)
        {
            var mac = new byte[32];
            UIntPtr len;
            Check(Lib.HmacSha256(key, Len(key), data, Len(data), mac, (UIntPtr)mac.Length, out len));
            return mac;
        }

        /// <summary>CyberSource's Digest value: SHA-256=&lt;base64&gt;.</summary>
        public static string Digest(byte[] body)
        {
            return Output((byte[] o, UIntPtr c, out UIntPtr l) => Lib.Digest(body, Len(body), o, c, out l));
        }

        /// <summary>Unix seconds as an IMF-fixdate: "Thu, 18 Jul 2019 00:18:03 GMT".</summary>
        public static string ImfFixdate(long unixTime)
        {
            return Output((byte[] o, UIntPtr c, out UIntPtr l) => Lib.ImfFixdate(unixTime, o, c, out l));
        }

        public static void VerifyXPayToken(string sharedSecret, string token, string resourcePath, string queryString,
                                           byte[] body = null, long? now = null, long? maxSkew = null)
        {
            using (var a = new Args())
            {
                IntPtr s = a.Text(sharedSecret, "shared_secret"), t = a.Text(token, "token"),
                    p = a.Text(resourcePath, "resource_path"), q = a.Text(queryString, "query_string");
                Check(Lib.VerifyXPayToken(s, t, p, q, body, Len(body), now ?? Now, maxSkew ?? Now));
            }
        }

        /// <summary>Verifies a CyberSource request from the headers received (names in any case).</summary>
        public static void VerifyCybersourceSignature(string sharedSecret,
                                                      IEnumerable<KeyValuePair<string, string>> headers,
                                                      string method, string requestTarget, byte[] body = null,
                                                      long? now = null, long? maxSkew = null)
        {
            using (var a = new Args())
            {
                IntPtr s = a.Text(sharedSecret, "shared_secret"), m = a.Text(method, "method"),
                    t = a.Text(requestTarget, "request_target"), names, values;
                UIntPtr count = a.Headers(headers, out names, out values);
                Check(Lib.VerifyCybersourceSignature(s, names, values, count, m, t, body, Len(body), now ?? Now,
                    maxSkew ?? Now));
            }
        }

        public static void VerifyPaysimpleHeader(string header, string apiKey, long? now = null, long? maxSkew = null)
        {
            using (var a = new Args())
            {
                IntPtr h = a.Text(header, "header"), k = a.Text(apiKey, "api_key");
                Check(Lib.VerifyPaysimpleHeader(h, k, now ?? Now, maxSkew ?? Now));
            }
        }

        // ------------------------------------------------------------ explain, diagnose

        /// <summary>What X-Pay signs for this request; sharedSecret null explains it without the token.</summary>
        public static Explanation ExplainXPayToken(string apiKey, string sharedSecret, string method, string url,
                                                   byte[] body = null, bool fullPath = false, SignTime time = null)
        {
            var t = time ?? SignTime.Now;
            using (var a = new Args())
            {
                IntPtr k = a.Text(apiKey, "api_key"), s = a.Text(sharedSecret, "shared_secret"),
                    m = a.Text(method, "method"), u = a.Text(url, "url"), tt = a.Text(t.Text, "time_text"), p;
                Check(Lib.ExplainXPayToken(k, s, m, u, body, Len(body), fullPath ? 1 : 0, t.UnixTime, t.Nanos, tt,
                    out p));
                return ReadExplanation(p);
            }
        }

        /// <summary>What CyberSource signs; sharedSecret null explains it without the headers.</summary>
        public static Explanation ExplainCybersourceSignature(string merchantId, string keyId, string sharedSecret,
                                                              string method, string url, byte[] body = null,
                                                              SignTime time = null)
        {
            var t = time ?? SignTime.Now;
            using (var a = new Args())
            {
                IntPtr mi = a.Text(merchantId, "merchant_id"), k = a.Text(keyId, "key_id"),
                    s = a.Text(sharedSecret, "shared_secret"), m = a.Text(method, "method"), u = a.Text(url, "url"),
                    tt = a.Text(t.Text, "time_text"), p;
                Check(Lib.ExplainCybersourceSignature(mi, k, s, m, u, body, Len(body), t.UnixTime, t.Nanos, tt, out p));
                return ReadExplanation(p);
            }
        }

        /// <summary>What PaySimple signs; apiKey null explains it without the header.</summary>
        public static Explanation ExplainPaysimpleHeader(string username, string apiKey = null, SignTime time = null)
        {
            var t = time ?? SignTime.Now;
            using (var a = new Args())
            {
                IntPtr u = a.Text(username, "username"), k = a.Text(apiKey, "api_key"),
                    tt = a.Text(t.Text, "time_text"), p;
                Check(Lib.ExplainPaysimpleHeader(u, k, t.UnixTime, t.Nanos, tt, out p));
                return ReadExplanation(p);
            }
        }

        /// <summary>What a webhook notification's v-c-signature signs (&lt;t&gt;.&lt;body&gt;, t in Unix
        /// milliseconds); key null explains it without the header.</summary>
        public static Explanation ExplainCybersourceWebhook(string keyId, string key = null, byte[] body = null,
                                                            SignTime time = null)
        {
            var t = time ?? SignTime.Now;
            using (var a = new Args())
            {
                IntPtr k = a.Text(keyId, "key_id"), s = a.Text(key, "key"), tt = a.Text(t.Text, "time_text"), p;
                Check(Lib.ExplainCybersourceWebhook(k, s, body, Len(body), t.UnixTime, t.Nanos, tt, out p));
                return ReadExplanation(p);
            }
        }

        /// <summary>Which known mistakes produced this token; time: when it was made, if known.</summary>
        public static Diagnosis DiagnoseXPayToken(string token, string apiKey, string sharedSecret, string method,
                                                  string url, byte[] body = null, bool fullPath = false,
                                                  SignTime time = null)
        {
            var t = time ?? SignTime.Now;
            using (var a = new Args())
            {
                IntPtr tk = a.Text(token, "token"), k = a.Text(apiKey, "api_key"),
                    s = a.Text(sharedSecret, "shared_secret"), m = a.Text(method, "method"), u = a.Text(url, "url"),
                    tt = a.Text(t.Text, "time_text"), p;
                Check(Lib.DiagnoseXPayToken(tk, k, s, m, u, body, Len(body), fullPath ? 1 : 0, t.UnixTime, t.Nanos,
                    tt, out p));
                return ReadDiagnosis(p);
            }
        }

        /// <summary>Which known mistakes produced the CyberSource headers received.</summary>
        public static Diagnosis DiagnoseCybersourceSignature(IEnumerable<KeyValuePair<string, string>> headers,
                                                             string merchantId, string keyId, string sharedSecret,
                                                             string method, string url, byte[] body = null,
                                                             SignTime time = null)
        {
            var t = time ?? SignTime.Now;
            using (var a = new Args())
            {
                IntPtr names, values;
                UIntPtr count = a.Headers(headers, out names, out values);
                IntPtr mi = a.Text(merchantId, "merchant_id"), k = a.Text(keyId, "key_id"),
                    s = a.Text(sharedSecret, "shared_secret"), m = a.Text(method, "method"), u = a.Text(url, "url"),
                    tt = a.Text(t.Text, "time_text"), p;
                Check(Lib.DiagnoseCybersourceSignature(names, values, count, mi, k, s, m, u, body, Len(body),
                    t.UnixTime, t.Nanos, tt, out p));
                return ReadDiagnosis(p);
            }
        }

        /// <summary>Which known mistakes produced the webhook headers received with this raw body; time stands
        /// in for the notification's time only when its t= is unreadable.</summary>
        public static Diagnosis DiagnoseCybersourceWebhook(IEnumerable<KeyValuePair<string, string>> headers,
                                                           string keyId, string key, byte[] body = null,
                                                           SignTime time = null)
        {
            var t = time ?? SignTime.Now;
            using (var a = new Args())
            {
                IntPtr names, values;
                UIntPtr count = a.Headers(headers, out names, out values);
                IntPtr k = a.Text(keyId, "key_id"), s = a.Text(key, "key"), tt = a.Text(t.Text, "time_text"), p;
                Check(Lib.DiagnoseCybersourceWebhook(names, values, count, k, s, body, Len(body), t.UnixTime, t.Nanos,
                    tt, out p));
                return ReadDiagnosis(p);
            }
        }

        /// <summary>Which known mistakes produced this Authorization; signedTimestamp: the text signed, if known.</summary>
        public static Diagnosis DiagnosePaysimpleHeader(string authorization, string username, string apiKey,
                                                        string signedTimestamp = null)
        {
            using (var a = new Args())
            {
                IntPtr au = a.Text(authorization, "authorization"), u = a.Text(username, "username"),
                    k = a.Text(apiKey, "api_key"), ts = a.Text(signedTimestamp, "signed_timestamp"), p;
                Check(Lib.DiagnosePaysimpleHeader(au, u, k, ts, out p));
                return ReadDiagnosis(p);
            }
        }

        // ------------------------------------------------------------------ conversion

        internal delegate int SignFn(IntPtr signer, IntPtr method, IntPtr url, byte[] body, UIntPtr bodyLen,
            long unixTime, uint nanos, IntPtr timeText, out IntPtr signed);

        internal static SignedRequest SignWith(Handle signer, string method, string url, byte[] body, SignTime time,
                                               SignFn sign)
        {
            var t = time ?? SignTime.Now;
            using (var a = new Args())
            {
                IntPtr m = a.Text(method, "method"), u = a.Text(url, "url"), tt = a.Text(t.Text, "time_text"), p;
                Check(sign(signer.Ptr, m, u, body, Len(body), t.UnixTime, t.Nanos, tt, out p));
                GC.KeepAlive(signer);
                return ReadSigned(p);
            }
        }

        internal static SignedRequest ReadSigned(IntPtr p)
        {
            try
            {
                var headers = new List<KeyValuePair<string, string>>();
                ulong n = (ulong)Lib.SignedHeaderCount(p);
                for (ulong i = 0; i < n; i++)
                    headers.Add(new KeyValuePair<string, string>(Utf8At(Lib.SignedHeaderName(p, (UIntPtr)i)),
                        Utf8At(Lib.SignedHeaderValue(p, (UIntPtr)i))));
                return new SignedRequest(Utf8At(Lib.SignedUrl(p)), headers.AsReadOnly());
            }
            finally { Lib.SignedFree(p); }
        }

        private static Explanation ReadExplanation(IntPtr p)
        {
            try
            {
                UIntPtr len;
                IntPtr bytes = Lib.ExplanationSigned(p, out len);
                var signed = new byte[(int)len];
                if (signed.Length > 0) Marshal.Copy(bytes, signed, 0, signed.Length);
                var parts = new List<ExplanationPart>();
                for (ulong i = 0; i < (ulong)Lib.ExplanationPartCount(p); i++)
                    parts.Add(new ExplanationPart(Utf8At(Lib.ExplanationPartName(p, (UIntPtr)i)),
                        Utf8At(Lib.ExplanationPartValue(p, (UIntPtr)i)), Utf8At(Lib.ExplanationPartWhy(p, (UIntPtr)i))));
                var headers = new List<KeyValuePair<string, string>>();
                for (ulong i = 0; i < (ulong)Lib.ExplanationHeaderCount(p); i++)
                    headers.Add(new KeyValuePair<string, string>(Utf8At(Lib.ExplanationHeaderName(p, (UIntPtr)i)),
                        Utf8At(Lib.ExplanationHeaderValue(p, (UIntPtr)i))));
                return new Explanation
                {
                    Scheme = Utf8At(Lib.ExplanationScheme(p)),
                    Signed = signed,
                    Parts = parts.AsReadOnly(),
                    Headers = headers.AsReadOnly(),
                    Text = Utf8At(Lib.ExplanationText(p)),
                };
            }
            finally { Lib.ExplanationFree(p); }
        }

        private static Diagnosis ReadDiagnosis(IntPtr p)
        {
            try
            {
                var mistakes = new List<string>();
                for (ulong i = 0; i < (ulong)Lib.DiagnosisMistakeCount(p); i++)
                    mistakes.Add(Utf8At(Lib.DiagnosisMistake(p, (UIntPtr)i)));
                return new Diagnosis
                {
                    Valid = Lib.DiagnosisValid(p) != 0,
                    Mistakes = mistakes.AsReadOnly(),
                    Message = Utf8At(Lib.DiagnosisMessage(p)),
                    Expected = Utf8At(Lib.DiagnosisExpected(p)),
                };
            }
            finally { Lib.DiagnosisFree(p); }
        }

        internal static Verified ReadVerified(IntPtr p)
        {
            try
            {
                var signed = new List<string>();
                for (ulong i = 0; i < (ulong)Lib.VerifiedSignedCount(p); i++)
                    signed.Add(Utf8At(Lib.VerifiedSigned(p, (UIntPtr)i)));
                return new Verified
                {
                    Scheme = Utf8At(Lib.VerifiedScheme(p)),
                    KeyId = Utf8At(Lib.VerifiedKeyId(p)),
                    MerchantId = Utf8At(Lib.VerifiedMerchantId(p)),
                    Timestamp = Lib.VerifiedTimestamp(p),
                    Signed = signed.AsReadOnly(),
                };
            }
            finally { Lib.VerifiedFree(p); }
        }

        /// <summary>A NUL-terminated UTF-8 text the library owns; NULL is null.</summary>
        internal static string Utf8At(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            int n = 0;
            while (Marshal.ReadByte(p, n) != 0) n++;
            var bytes = new byte[n];
            Marshal.Copy(p, bytes, 0, n);
            return Encoding.UTF8.GetString(bytes);
        }

        internal static UIntPtr Len(byte[] b) { return (UIntPtr)(b == null ? 0 : b.Length); }

        private delegate int Call(byte[] o, UIntPtr cap, out UIntPtr len);

        /// <summary>One text into a buffer: a size query first, then the size the library reported.</summary>
        private static string Output(Call call)
        {
            UIntPtr len;
            int status = call(null, UIntPtr.Zero, out len);
            while (status == (int)Status.BufferTooSmall)
            {
                var o = new byte[(int)len + 1];
                status = call(o, (UIntPtr)o.Length, out len);
                if (status == (int)Status.Ok) return Encoding.UTF8.GetString(o, 0, (int)len);
            }
            Check(status);
            throw new InvalidOperationException("paysign: no text and no failure");
        }

        /// <summary>A status as an exception, from this thread's last failure (P/Invoke stays on the thread).</summary>
        internal static void Check(int status)
        {
            if (status == (int)Status.Ok) return;
            string message = Last(Lib.LastError), field = Last(Lib.LastField);
            switch ((Status)status)
            {
                case Status.NullArgument: throw new ArgumentNullException(field, message);
                case Status.InvalidUtf8:
                case Status.InvalidArgument: throw new PaysignException(message, field.Length == 0 ? null : field);
                case Status.VerificationFailed: throw new VerificationException(message, Last(Lib.LastReason));
                default: throw new InvalidOperationException("paysign: " + Utf8At(Lib.StatusStr(status)) + ": " + message);
            }
        }

        private static string Last(Lib.Getter getter)
        {
            try { return Output((byte[] o, UIntPtr c, out UIntPtr l) => getter(o, c, out l)); }
            catch (Exception) { return ""; }
        }
    }

    /// <summary>The C memory of one call: NUL-terminated UTF-8 texts and arrays of them.</summary>
    internal sealed class Args : IDisposable
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, true);
        private readonly List<IntPtr> owned = new List<IntPtr>();

        /// <summary>NUL-terminated UTF-8; null stays NULL (the library names it when required).</summary>
        public IntPtr Text(string s, string field)
        {
            if (s == null) return IntPtr.Zero;
            if (s.IndexOf('\0') >= 0)
                throw new PaysignException(field + ": contains U+0000, which C text cannot carry", field);
            byte[] encoded;
            try { encoded = Utf8.GetBytes(s); }
            catch (EncoderFallbackException) { throw new PaysignException(field + ": not valid Unicode (an unpaired surrogate)", field); }
            IntPtr p = Marshal.AllocHGlobal(encoded.Length + 1);
            owned.Add(p);
            Marshal.Copy(encoded, 0, p, encoded.Length);
            Marshal.WriteByte(p, encoded.Length, 0);
            return p;
        }

        /// <summary>A C array of texts (NULL when empty).</summary>
        public IntPtr Array(IList<string> items, string field)
        {
            if (items.Count == 0) return IntPtr.Zero;
            IntPtr array = Marshal.AllocHGlobal(IntPtr.Size * items.Count);
            owned.Add(array);
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i] == null) throw new ArgumentNullException(field, field + ": element " + i + " is null");
                Marshal.WriteIntPtr(array, i * IntPtr.Size, Text(items[i], field));
            }
            return array;
        }

        public UIntPtr Headers(IEnumerable<KeyValuePair<string, string>> headers, out IntPtr names, out IntPtr values)
        {
            if (headers == null) throw new ArgumentNullException("headers");
            var n = new List<string>();
            var v = new List<string>();
            foreach (var h in headers) { n.Add(h.Key); v.Add(h.Value); }
            names = Array(n, "header_names");
            values = Array(v, "header_values");
            return (UIntPtr)n.Count;
        }

        public void Dispose()
        {
            foreach (var p in owned) Marshal.FreeHGlobal(p);
            owned.Clear();
        }
    }

    /// <summary>The C functions of paysign.h, bound once through dlopen/dlsym.</summary>
    internal static class Lib
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr VersionFn();
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr StatusStrFn(int status);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int Getter(byte[] buf, UIntPtr cap, out UIntPtr len);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int XPayTokenFn(IntPtr sharedSecret, IntPtr resourcePath, IntPtr queryString,
            byte[] body, UIntPtr bodyLen, long timestamp, byte[] o, UIntPtr cap, out UIntPtr len);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int CybersourceSignatureFn(IntPtr keyId, IntPtr sharedSecret, IntPtr merchantId,
            IntPtr host, IntPtr method, IntPtr requestTarget, byte[] body, UIntPtr bodyLen, IntPtr date, out IntPtr signed);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int PaysimpleHeaderFn(IntPtr username, IntPtr apiKey, IntPtr timestamp,
            byte[] o, UIntPtr cap, out UIntPtr len);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int WebhookSignatureFn(IntPtr keyId, IntPtr key, byte[] body, UIntPtr bodyLen, long timestampMs,
            byte[] o, UIntPtr cap, out UIntPtr len);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int VerifyXPayTokenFn(IntPtr sharedSecret, IntPtr token, IntPtr resourcePath,
            IntPtr queryString, byte[] body, UIntPtr bodyLen, long now, long maxSkew);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int VerifyCybersourceSignatureFn(IntPtr sharedSecret, IntPtr names, IntPtr values, UIntPtr count,
            IntPtr method, IntPtr requestTarget, byte[] body, UIntPtr bodyLen, long now, long maxSkew);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int VerifyPaysimpleHeaderFn(IntPtr header, IntPtr apiKey, long now, long maxSkew);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int HmacSha256Fn(byte[] key, UIntPtr keyLen, byte[] data, UIntPtr dataLen,
            byte[] o, UIntPtr cap, out UIntPtr len);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int DigestFn(byte[] body, UIntPtr bodyLen, byte[] o, UIntPtr cap, out UIntPtr len);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ImfFixdateFn(long unixTime, byte[] o, UIntPtr cap, out UIntPtr len);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr TextOf(IntPtr obj);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr TextAt(IntPtr obj, UIntPtr index);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate UIntPtr CountOf(IntPtr obj);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int IntOf(IntPtr obj);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate long LongOf(IntPtr obj);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr BytesOf(IntPtr obj, out UIntPtr len);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void FreeFn(IntPtr obj);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int XPaySignerNewFn(IntPtr apiKey, IntPtr sharedSecret, int fullPath, out IntPtr signer);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int CybersourceSignerNewFn(IntPtr merchantId, IntPtr keyId, IntPtr sharedSecret, out IntPtr signer);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int PaysimpleSignerNewFn(IntPtr username, IntPtr apiKey, out IntPtr signer);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int XPayVerifierNewFn(IntPtr ids, IntPtr secrets, UIntPtr count, int fullPath, long maxSkew,
            int replay, out IntPtr verifier);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int VerifierNewFn(IntPtr ids, IntPtr secrets, UIntPtr count, long maxSkew, int replay,
            out IntPtr verifier);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int VerifierVerifyFn(IntPtr verifier, IntPtr method, IntPtr url, IntPtr names, IntPtr values,
            UIntPtr count, byte[] body, UIntPtr bodyLen, long now, out IntPtr verified);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int WebhookVerifierVerifyFn(IntPtr verifier, IntPtr names, IntPtr values, UIntPtr count,
            byte[] body, UIntPtr bodyLen, long now, out IntPtr verified);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ExplainXPayTokenFn(IntPtr apiKey, IntPtr sharedSecret, IntPtr method, IntPtr url, byte[] body,
            UIntPtr bodyLen, int fullPath, long unixTime, uint nanos, IntPtr timeText, out IntPtr explanation);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ExplainCybersourceSignatureFn(IntPtr merchantId, IntPtr keyId, IntPtr sharedSecret,
            IntPtr method, IntPtr url, byte[] body, UIntPtr bodyLen, long unixTime, uint nanos, IntPtr timeText,
            out IntPtr explanation);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ExplainPaysimpleHeaderFn(IntPtr username, IntPtr apiKey, long unixTime, uint nanos,
            IntPtr timeText, out IntPtr explanation);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ExplainCybersourceWebhookFn(IntPtr keyId, IntPtr key, byte[] body, UIntPtr bodyLen,
            long unixTime, uint nanos, IntPtr timeText, out IntPtr explanation);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int DiagnoseXPayTokenFn(IntPtr token, IntPtr apiKey, IntPtr sharedSecret, IntPtr method,
            IntPtr url, byte[] body, UIntPtr bodyLen, int fullPath, long unixTime, uint nanos, IntPtr timeText,
            out IntPtr diagnosis);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int DiagnoseCybersourceSignatureFn(IntPtr names, IntPtr values, UIntPtr count, IntPtr merchantId,
            IntPtr keyId, IntPtr sharedSecret, IntPtr method, IntPtr url, byte[] body, UIntPtr bodyLen, long unixTime,
            uint nanos, IntPtr timeText, out IntPtr diagnosis);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int DiagnosePaysimpleHeaderFn(IntPtr authorization, IntPtr username, IntPtr apiKey,
            IntPtr signedTimestamp, out IntPtr diagnosis);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int DiagnoseCybersourceWebhookFn(IntPtr names, IntPtr values, UIntPtr count, IntPtr keyId,
            IntPtr key, byte[] body, UIntPtr bodyLen, long unixTime, uint nanos, IntPtr timeText, out IntPtr diagnosis);

        [DllImport("libdl.so.2")] private static extern IntPtr dlopen(string file, int mode);
        [DllImport("libdl.so.2")] private static extern IntPtr dlsym(IntPtr handle, string name);
        [DllImport("libdl.so.2")] private static extern IntPtr dlerror();

        private static readonly IntPtr Handle = Open();

        private static IntPtr Open()
        {
            string path = Environment.GetEnvironmentVariable("PAYSIGN_LIB");
            if (string.IsNullOrEmpty(path)) path = "libpaysign.so";
            IntPtr h = dlopen(path, 2 /* RTLD_NOW */);
            if (h == IntPtr.Zero)
                throw new DllNotFoundException("paysign: cannot load " + path + " (set PAYSIGN_LIB or LD_LIBRARY_PATH): "
                    + Marshal.PtrToStringAnsi(dlerror()));
            return h;
        }

        private static T Bind<T>(string name) where T : class
        {
            IntPtr f = dlsym(Handle, name);
            if (f == IntPtr.Zero) throw new EntryPointNotFoundException("paysign: no " + name + " in the library");
            return (T)(object)Marshal.GetDelegateForFunctionPointer(f, typeof(T));
        }

        public static readonly VersionFn Version = Bind<VersionFn>("paysign_version");
        public static readonly StatusStrFn StatusStr = Bind<StatusStrFn>("paysign_status_str");
        public static readonly Getter LastError = Bind<Getter>("paysign_last_error");
        public static readonly Getter LastField = Bind<Getter>("paysign_last_field");
        public static readonly Getter LastReason = Bind<Getter>("paysign_last_reason");
        public static readonly XPayTokenFn XPayToken = Bind<XPayTokenFn>("paysign_x_pay_token");
        public static readonly CybersourceSignatureFn CybersourceSignature =
            Bind<CybersourceSignatureFn>("paysign_cybersource_signature");
        public static readonly PaysimpleHeaderFn PaysimpleHeader = Bind<PaysimpleHeaderFn>("paysign_paysimple_header");
        public static readonly WebhookSignatureFn WebhookSignature =
            Bind<WebhookSignatureFn>("paysign_cybersource_webhook_signature");
        public static readonly VerifyXPayTokenFn VerifyXPayToken = Bind<VerifyXPayTokenFn>("paysign_verify_x_pay_token");
        public static readonly VerifyCybersourceSignatureFn VerifyCybersourceSignature =
            Bind<VerifyCybersourceSignatureFn>("paysign_verify_cybersource_signature");
        public static readonly VerifyPaysimpleHeaderFn VerifyPaysimpleHeader =
            Bind<VerifyPaysimpleHeaderFn>("paysign_verify_paysimple_header");
        public static readonly HmacSha256Fn HmacSha256 = Bind<HmacSha256Fn>("paysign_hmac_sha256");
        public static readonly DigestFn Digest = Bind<DigestFn>("paysign_digest");
        public static readonly ImfFixdateFn ImfFixdate = Bind<ImfFixdateFn>("paysign_imf_fixdate");

        public static readonly TextOf SignedUrl = Bind<TextOf>("paysign_signed_url");
        public static readonly CountOf SignedHeaderCount = Bind<CountOf>("paysign_signed_header_count");
        public static readonly TextAt SignedHeaderName = Bind<TextAt>("paysign_signed_header_name");
        public static readonly TextAt SignedHeaderValue = Bind<TextAt>("paysign_signed_header_value");
        public static readonly FreeFn SignedFree = Bind<FreeFn>("paysign_signed_free");

        public static readonly XPaySignerNewFn XPaySignerNew = Bind<XPaySignerNewFn>("paysign_x_pay_signer_new");
        public static readonly Paysign.SignFn XPaySignerSign = Bind<Paysign.SignFn>("paysign_x_pay_signer_sign");
        public static readonly TextOf XPaySignerApiKey = Bind<TextOf>("paysign_x_pay_signer_api_key");
        public static readonly IntOf XPaySignerFullPath = Bind<IntOf>("paysign_x_pay_signer_full_path");
        public static readonly FreeFn XPaySignerFree = Bind<FreeFn>("paysign_x_pay_signer_free");
        public static readonly CybersourceSignerNewFn CybersourceSignerNew =
            Bind<CybersourceSignerNewFn>("paysign_cybersource_signer_new");
        public static readonly Paysign.SignFn CybersourceSignerSign = Bind<Paysign.SignFn>("paysign_cybersource_signer_sign");
        public static readonly TextOf CybersourceSignerMerchantId = Bind<TextOf>("paysign_cybersource_signer_merchant_id");
        public static readonly TextOf CybersourceSignerKeyId = Bind<TextOf>("paysign_cybersource_signer_key_id");
        public static readonly FreeFn CybersourceSignerFree = Bind<FreeFn>("paysign_cybersource_signer_free");
        public static readonly PaysimpleSignerNewFn PaysimpleSignerNew = Bind<PaysimpleSignerNewFn>("paysign_paysimple_signer_new");
        public static readonly Paysign.SignFn PaysimpleSignerSign = Bind<Paysign.SignFn>("paysign_paysimple_signer_sign");
        public static readonly TextOf PaysimpleSignerUsername = Bind<TextOf>("paysign_paysimple_signer_username");
        public static readonly FreeFn PaysimpleSignerFree = Bind<FreeFn>("paysign_paysimple_signer_free");

        public static readonly ExplainXPayTokenFn ExplainXPayToken = Bind<ExplainXPayTokenFn>("paysign_explain_x_pay_token");
        public static readonly ExplainCybersourceSignatureFn ExplainCybersourceSignature =
            Bind<ExplainCybersourceSignatureFn>("paysign_explain_cybersource_signature");
        public static readonly ExplainPaysimpleHeaderFn ExplainPaysimpleHeader =
            Bind<ExplainPaysimpleHeaderFn>("paysign_explain_paysimple_header");
        public static readonly ExplainCybersourceWebhookFn ExplainCybersourceWebhook =
            Bind<ExplainCybersourceWebhookFn>("paysign_explain_cybersource_webhook");
        public static readonly TextOf ExplanationScheme = Bind<TextOf>("paysign_explanation_scheme");
        public static readonly BytesOf ExplanationSigned = Bind<BytesOf>("paysign_explanation_signed");
        public static readonly CountOf ExplanationPartCount = Bind<CountOf>("paysign_explanation_part_count");
        public static readonly TextAt ExplanationPartName = Bind<TextAt>("paysign_explanation_part_name");
        public static readonly TextAt ExplanationPartValue = Bind<TextAt>("paysign_explanation_part_value");
        public static readonly TextAt ExplanationPartWhy = Bind<TextAt>("paysign_explanation_part_why");
        public static readonly CountOf ExplanationHeaderCount = Bind<CountOf>("paysign_explanation_header_count");
        public static readonly TextAt ExplanationHeaderName = Bind<TextAt>("paysign_explanation_header_name");
        public static readonly TextAt ExplanationHeaderValue = Bind<TextAt>("paysign_explanation_header_value");
        public static readonly TextOf ExplanationText = Bind<TextOf>("paysign_explanation_text");
        public static readonly FreeFn ExplanationFree = Bind<FreeFn>("paysign_explanation_free");

        public static readonly DiagnoseXPayTokenFn DiagnoseXPayToken = Bind<DiagnoseXPayTokenFn>("paysign_diagnose_x_pay_token");
        public static readonly DiagnoseCybersourceSignatureFn DiagnoseCybersourceSignature =
            Bind<DiagnoseCybersourceSignatureFn>("paysign_diagnose_cybersource_signature");
        public static readonly DiagnosePaysimpleHeaderFn DiagnosePaysimpleHeader =
            Bind<DiagnosePaysimpleHeaderFn>("paysign_diagnose_paysimple_header");
        public static readonly DiagnoseCybersourceWebhookFn DiagnoseCybersourceWebhook =
            Bind<DiagnoseCybersourceWebhookFn>("paysign_diagnose_cybersource_webhook");
        public static readonly IntOf DiagnosisValid = Bind<IntOf>("paysign_diagnosis_valid");
        public static readonly CountOf DiagnosisMistakeCount = Bind<CountOf>("paysign_diagnosis_mistake_count");
        public static readonly TextAt DiagnosisMistake = Bind<TextAt>("paysign_diagnosis_mistake");
        public static readonly TextOf DiagnosisMessage = Bind<TextOf>("paysign_diagnosis_message");
        public static readonly TextOf DiagnosisExpected = Bind<TextOf>("paysign_diagnosis_expected");
        public static readonly FreeFn DiagnosisFree = Bind<FreeFn>("paysign_diagnosis_free");

        public static readonly XPayVerifierNewFn XPayVerifierNew = Bind<XPayVerifierNewFn>("paysign_x_pay_verifier_new");
        public static readonly VerifierNewFn CybersourceVerifierNew = Bind<VerifierNewFn>("paysign_cybersource_verifier_new");
        public static readonly VerifierNewFn PaysimpleVerifierNew = Bind<VerifierNewFn>("paysign_paysimple_verifier_new");
        public static readonly VerifierVerifyFn VerifierVerify = Bind<VerifierVerifyFn>("paysign_verifier_verify");
        public static readonly FreeFn VerifierFree = Bind<FreeFn>("paysign_verifier_free");
        public static readonly VerifierNewFn WebhookVerifierNew =
            Bind<VerifierNewFn>("paysign_cybersource_webhook_verifier_new");
        public static readonly WebhookVerifierVerifyFn WebhookVerifierVerify =
            Bind<WebhookVerifierVerifyFn>("paysign_webhook_verifier_verify");
        public static readonly FreeFn WebhookVerifierFree = Bind<FreeFn>("paysign_webhook_verifier_free");
        public static readonly TextOf VerifiedScheme = Bind<TextOf>("paysign_verified_scheme");
        public static readonly TextOf VerifiedKeyId = Bind<TextOf>("paysign_verified_key_id");
        public static readonly TextOf VerifiedMerchantId = Bind<TextOf>("paysign_verified_merchant_id");
        public static readonly LongOf VerifiedTimestamp = Bind<LongOf>("paysign_verified_timestamp");
        public static readonly CountOf VerifiedSignedCount = Bind<CountOf>("paysign_verified_signed_count");
        public static readonly TextAt VerifiedSigned = Bind<TextAt>("paysign_verified_signed");
        public static readonly FreeFn VerifiedFree = Bind<FreeFn>("paysign_verified_free");
    }
}

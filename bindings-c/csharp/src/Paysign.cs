// paysign for C# over libpaysign: signing and verification of Visa X-Pay-Token,
// CyberSource HTTP Signature and PaySimple PSSERVER requests.
// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Every rule lives in the library; this file only converts values and maps
// status codes to exceptions. The library is $PAYSIGN_LIB (a full path to
// libpaysign.so) when that variable is set, else "libpaysign.so" as dlopen
// finds it: LD_LIBRARY_PATH, the ld.so cache, /usr/lib. Works on Mono and on
// .NET (Linux, glibc).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace Dev.Paysign
{
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
    /// headers_list_mismatch, unsupported_algorithm, unknown_key_id or unknown_access_id.
    /// </summary>
    public class VerificationException : PaysignException
    {
        public VerificationException(string message, string reason) : base(message, null)
        {
            Reason = reason;
        }

        public string Reason { get; private set; }
    }

    /// <summary>What a request signer gives: the URL to send and the headers to add, in order.</summary>
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

    /// <summary>
    /// The paysign functions. Times are Unix seconds; null (the default) means now. Bodies are
    /// bytes; null is empty. maxSkew is seconds; null is the library's default (300).
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
            return Marshal.PtrToStringAnsi(Lib.Version());
        }

        public static string XPayToken(string sharedSecret, string resourcePath, string queryString,
                                       byte[] body = null, long? timestamp = null)
        {
            byte[] s = Text(sharedSecret, "shared_secret"), p = Text(resourcePath, "resource_path"),
                q = Text(queryString, "query_string");
            return Output(64, (byte[] o, UIntPtr c, out UIntPtr l) =>
                Lib.XPayToken(s, p, q, body, Len(body), timestamp ?? Now, o, c, out l));
        }

        /// <summary>The CyberSource headers to send, in order. date: IMF-fixdate, or null for now.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> CybersourceSignature(
            string keyId, string sharedSecret, string merchantId, string host, string method,
            string requestTarget, byte[] body = null, string date = null)
        {
            byte[] k = Text(keyId, "key_id"), s = Text(sharedSecret, "shared_secret"),
                m = Text(merchantId, "merchant_id"), h = Text(host, "host"), me = Text(method, "method"),
                t = Text(requestTarget, "request_target"), d = Text(date, "date");
            return Headers(Output(512 + Size(k, s, m, h, t), (byte[] o, UIntPtr c, out UIntPtr l) =>
                Lib.CybersourceSignature(k, s, m, h, me, t, body, Len(body), d, o, c, out l)));
        }

        /// <summary>The PaySimple Authorization value. timestamp: ISO-8601 text, or null for now.</summary>
        public static string PaysimpleHeader(string username, string apiKey, string timestamp = null)
        {
            byte[] u = Text(username, "username"), k = Text(apiKey, "api_key"), t = Text(timestamp, "timestamp");
            return Output(128 + Size(u, t), (byte[] o, UIntPtr c, out UIntPtr l) =>
                Lib.PaysimpleHeader(u, k, t, o, c, out l));
        }

        public static SignedRequest XPaySignRequest(string apiKey, string sharedSecret, string method, string url,
                                                    byte[] body = null, bool fullPath = false, long? timestamp = null)
        {
            byte[] k = Text(apiKey, "api_key"), s = Text(sharedSecret, "shared_secret"),
                m = Text(method, "method"), u = Text(url, "url");
            return Outputs(Size(k, u), (byte[] o1, UIntPtr c1, out UIntPtr l1, byte[] o2, UIntPtr c2, out UIntPtr l2) =>
                Lib.XPaySignRequest(k, s, m, u, body, Len(body), timestamp ?? Now, fullPath ? 1 : 0,
                    o1, c1, out l1, o2, c2, out l2));
        }

        public static SignedRequest CybersourceSignRequest(string merchantId, string keyId, string sharedSecret,
                                                           string method, string url, byte[] body = null,
                                                           long? unixTime = null)
        {
            byte[] m = Text(merchantId, "merchant_id"), k = Text(keyId, "key_id"),
                s = Text(sharedSecret, "shared_secret"), me = Text(method, "method"), u = Text(url, "url");
            return Outputs(Size(m, k, u), (byte[] o1, UIntPtr c1, out UIntPtr l1, byte[] o2, UIntPtr c2, out UIntPtr l2) =>
                Lib.CybersourceSignRequest(m, k, s, me, u, body, Len(body), unixTime ?? Now,
                    o1, c1, out l1, o2, c2, out l2));
        }

        /// <summary>Signs a PaySimple request at unixTime + nanos (UTC), or now when unixTime is null.</summary>
        public static SignedRequest PaysimpleSignRequest(string username, string apiKey, string method, string url,
                                                         byte[] body = null, long? unixTime = null, uint nanos = 0)
        {
            byte[] n = Text(username, "username"), k = Text(apiKey, "api_key"), m = Text(method, "method"),
                u = Text(url, "url");
            return Outputs(Size(n, u), (byte[] o1, UIntPtr c1, out UIntPtr l1, byte[] o2, UIntPtr c2, out UIntPtr l2) =>
                Lib.PaysimpleSignRequest(n, k, m, u, body, Len(body), unixTime ?? Now, nanos,
                    o1, c1, out l1, o2, c2, out l2));
        }

        /// <summary>HMAC-SHA256 of data under key: 32 bytes.</summary>
        public static byte[] HmacSha256(byte[] key, byte[] data)
        {
            var mac = new byte[32];
            UIntPtr len;
            Check(Lib.HmacSha256(key, Len(key), data, Len(data), mac, (UIntPtr)mac.Length, out len));
            return mac;
        }

        /// <exception cref="VerificationException">The token does not verify; Reason says why.</exception>
        public static void VerifyXPayToken(string sharedSecret, string token, string resourcePath, string queryString,
                                           byte[] body = null, long? now = null, long? maxSkew = null)
        {
            Check(Lib.VerifyXPayToken(Text(sharedSecret, "shared_secret"), Text(token, "token"),
                Text(resourcePath, "resource_path"), Text(queryString, "query_string"), body, Len(body),
                now ?? Now, maxSkew ?? Now));
        }

        /// <summary>headers: the received headers (names in any case, other headers allowed).</summary>
        /// <exception cref="VerificationException">The request does not verify; Reason says why.</exception>
        public static void VerifyCybersourceSignature(string sharedSecret,
                                                      IEnumerable<KeyValuePair<string, string>> headers,
                                                      string method, string requestTarget, byte[] body = null,
                                                      long? now = null, long? maxSkew = null)
        {
            Check(Lib.VerifyCybersourceSignature(Text(sharedSecret, "shared_secret"), Block(headers),
                Text(method, "method"), Text(requestTarget, "request_target"), body, Len(body),
                now ?? Now, maxSkew ?? Now));
        }

        /// <summary>header: the received Authorization value, used exactly (not trimmed).</summary>
        /// <exception cref="VerificationException">The header does not verify; Reason says why.</exception>
        public static void VerifyPaysimpleHeader(string header, string apiKey, long? now = null, long? maxSkew = null)
        {
            Check(Lib.VerifyPaysimpleHeader(Text(header, "header"), Text(apiKey, "api_key"), now ?? Now,
                maxSkew ?? Now));
        }

        // ------------------------------------------------------------------ conversion

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, true);

        /// <summary>NUL-terminated UTF-8; null stays NULL (the library names it).</summary>
        private static byte[] Text(string s, string field)
        {
            if (s == null) return null;
            if (s.IndexOf('\0') >= 0)
                throw new PaysignException(field + ": contains U+0000, which C text cannot carry", field);
            byte[] encoded;
            try { encoded = Utf8.GetBytes(s); }
            catch (EncoderFallbackException) { throw new PaysignException(field + ": not valid Unicode (an unpaired surrogate)", field); }
            var z = new byte[encoded.Length + 1];
            Buffer.BlockCopy(encoded, 0, z, 0, encoded.Length);
            return z;
        }

        private static UIntPtr Len(byte[] b) { return (UIntPtr)(b == null ? 0 : b.Length); }

        private static int Size(params byte[][] parts)
        {
            int n = 0;
            foreach (var p in parts) n += p == null ? 0 : p.Length;
            return n;
        }

        private static byte[] Block(IEnumerable<KeyValuePair<string, string>> headers)
        {
            if (headers == null) return null;
            var sb = new StringBuilder();
            foreach (var h in headers)
            {
                if (h.Key == null || h.Value == null) throw new ArgumentNullException("headers", "headers: a null name or value");
                if (h.Key.IndexOfAny(new[] { ':', '\r', '\n' }) >= 0 || h.Value.IndexOfAny(new[] { '\r', '\n' }) >= 0)
                    throw new PaysignException("headers: a name holds ':' or a line break, or a value a line break", "headers");
                sb.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
            }
            return Text(sb.ToString(), "headers");
        }

        private static IReadOnlyList<KeyValuePair<string, string>> Headers(string block)
        {
            var list = new List<KeyValuePair<string, string>>();
            foreach (var line in block.Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries))
            {
                int sep = line.IndexOf(": ", StringComparison.Ordinal);
                if (sep > 0) list.Add(new KeyValuePair<string, string>(line.Substring(0, sep), line.Substring(sep + 2)));
            }
            return list.AsReadOnly();
        }

        private delegate int Call(byte[] o, UIntPtr cap, out UIntPtr len);
        private delegate int Call2(byte[] o1, UIntPtr c1, out UIntPtr l1, byte[] o2, UIntPtr c2, out UIntPtr l2);

        /// <summary>Calls with a buffer, and again with the size asked for if it was too small.</summary>
        private static string Output(int guess, Call call)
        {
            var o = new byte[guess + 128];
            UIntPtr len;
            int status;
            while ((status = call(o, (UIntPtr)o.Length, out len)) == BufferTooSmall)
                o = new byte[(int)len + 1];
            Check(status);
            return Encoding.UTF8.GetString(o, 0, (int)len);
        }

        private static SignedRequest Outputs(int guess, Call2 call)
        {
            byte[] url = new byte[guess + 256], hdrs = new byte[guess + 1024];
            UIntPtr ul, hl;
            int status;
            while ((status = call(url, (UIntPtr)url.Length, out ul, hdrs, (UIntPtr)hdrs.Length, out hl)) == BufferTooSmall)
            {
                url = new byte[(int)ul + 1];
                hdrs = new byte[(int)hl + 1];
            }
            Check(status);
            return new SignedRequest(Encoding.UTF8.GetString(url, 0, (int)ul),
                Headers(Encoding.UTF8.GetString(hdrs, 0, (int)hl)));
        }

        private const int Ok = 0, NullArgument = 1, InvalidUtf8 = 2, InvalidArgument = 3, BufferTooSmall = 4,
            VerificationFailed = 5;

        /// <summary>A status as an exception, from this thread's last failure (P/Invoke stays on the thread).</summary>
        private static void Check(int status)
        {
            if (status == Ok) return;
            string message = Last(Lib.LastError), field = Last(Lib.LastField);
            switch (status)
            {
                case NullArgument: throw new ArgumentNullException(field, message);
                case InvalidUtf8:
                case InvalidArgument: throw new PaysignException(message, field.Length == 0 ? null : field);
                case VerificationFailed: throw new VerificationException(message, Last(Lib.LastReason));
                default: throw new InvalidOperationException("paysign: status " + status + ": " + message);
            }
        }

        private static string Last(Lib.Getter getter)
        {
            var buf = new byte[512];
            UIntPtr len;
            int status;
            while ((status = getter(buf, (UIntPtr)buf.Length, out len)) == BufferTooSmall)
                buf = new byte[(int)len + 1];
            return status == Ok ? Encoding.UTF8.GetString(buf, 0, (int)len) : "";
        }

        /// <summary>The C functions of paysign.h, bound once through dlopen/dlsym.</summary>
        private static class Lib
        {
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate IntPtr VersionFn();
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int Getter(byte[] buf, UIntPtr cap, out UIntPtr len);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int XPayTokenFn(byte[] sharedSecret, byte[] resourcePath, byte[] queryString,
                byte[] body, UIntPtr bodyLen, long timestamp, byte[] o, UIntPtr cap, out UIntPtr len);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int CybersourceSignatureFn(byte[] keyId, byte[] sharedSecret, byte[] merchantId,
                byte[] host, byte[] method, byte[] requestTarget, byte[] body, UIntPtr bodyLen, byte[] date,
                byte[] o, UIntPtr cap, out UIntPtr len);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int PaysimpleHeaderFn(byte[] username, byte[] apiKey, byte[] timestamp,
                byte[] o, UIntPtr cap, out UIntPtr len);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int VerifyXPayTokenFn(byte[] sharedSecret, byte[] token, byte[] resourcePath,
                byte[] queryString, byte[] body, UIntPtr bodyLen, long now, long maxSkew);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int VerifyCybersourceSignatureFn(byte[] sharedSecret, byte[] headers, byte[] method,
                byte[] requestTarget, byte[] body, UIntPtr bodyLen, long now, long maxSkew);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int VerifyPaysimpleHeaderFn(byte[] header, byte[] apiKey, long now, long maxSkew);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int XPaySignRequestFn(byte[] apiKey, byte[] sharedSecret, byte[] method, byte[] url,
                byte[] body, UIntPtr bodyLen, long timestamp, int fullPath,
                byte[] outUrl, UIntPtr urlCap, out UIntPtr urlLen, byte[] outHeaders, UIntPtr headersCap,
                out UIntPtr headersLen);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int CybersourceSignRequestFn(byte[] merchantId, byte[] keyId, byte[] sharedSecret,
                byte[] method, byte[] url, byte[] body, UIntPtr bodyLen, long unixTime,
                byte[] outUrl, UIntPtr urlCap, out UIntPtr urlLen, byte[] outHeaders, UIntPtr headersCap,
                out UIntPtr headersLen);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int PaysimpleSignRequestFn(byte[] username, byte[] apiKey, byte[] method, byte[] url,
                byte[] body, UIntPtr bodyLen, long unixTime, uint nanos,
                byte[] outUrl, UIntPtr urlCap, out UIntPtr urlLen, byte[] outHeaders, UIntPtr headersCap,
                out UIntPtr headersLen);
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate int HmacSha256Fn(byte[] key, UIntPtr keyLen, byte[] data, UIntPtr dataLen,
                byte[] o, UIntPtr cap, out UIntPtr len);

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
            public static readonly Getter LastError = Bind<Getter>("paysign_last_error");
            public static readonly Getter LastField = Bind<Getter>("paysign_last_field");
            public static readonly Getter LastReason = Bind<Getter>("paysign_last_reason");
            public static readonly XPayTokenFn XPayToken = Bind<XPayTokenFn>("paysign_x_pay_token");
            public static readonly CybersourceSignatureFn CybersourceSignature =
                Bind<CybersourceSignatureFn>("paysign_cybersource_signature");
            public static readonly PaysimpleHeaderFn PaysimpleHeader = Bind<PaysimpleHeaderFn>("paysign_paysimple_header");
            public static readonly VerifyXPayTokenFn VerifyXPayToken = Bind<VerifyXPayTokenFn>("paysign_verify_x_pay_token");
            public static readonly VerifyCybersourceSignatureFn VerifyCybersourceSignature =
                Bind<VerifyCybersourceSignatureFn>("paysign_verify_cybersource_signature");
            public static readonly VerifyPaysimpleHeaderFn VerifyPaysimpleHeader =
                Bind<VerifyPaysimpleHeaderFn>("paysign_verify_paysimple_header");
            public static readonly XPaySignRequestFn XPaySignRequest = Bind<XPaySignRequestFn>("paysign_x_pay_sign_request");
            public static readonly CybersourceSignRequestFn CybersourceSignRequest =
                Bind<CybersourceSignRequestFn>("paysign_cybersource_sign_request");
            public static readonly PaysimpleSignRequestFn PaysimpleSignRequest =
                Bind<PaysimpleSignRequestFn>("paysign_paysimple_sign_request");
            public static readonly HmacSha256Fn HmacSha256 = Bind<HmacSha256Fn>("paysign_hmac_sha256");
        }
    }
}

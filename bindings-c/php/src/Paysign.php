<?php

declare(strict_types=1);

namespace Paysign;

use FFI;

/**
 * Signing and verification of Visa X-Pay-Token, CyberSource HTTP Signature
 * and PaySimple PSSERVER requests, over the C library libpaysign (PHP 8 FFI).
 *
 * Every rule lives in the library; this class only converts values and maps
 * status codes to exceptions: a bad argument is a PaysignException (an
 * \InvalidArgumentException naming the argument), a request that does not
 * verify a VerificationException with a stable reason code.
 *
 * The library is $PAYSIGN_LIB (a full path to libpaysign.so) when that
 * variable is set, else "libpaysign.so" as dlopen finds it: LD_LIBRARY_PATH,
 * the ld.so cache, /usr/lib. FFI must be enabled (ffi.enable: the CLI's
 * default "preload" allows it; set ffi.enable=true for a web SAPI).
 *
 * Times are Unix seconds, null meaning now. Bodies are strings of bytes.
 * $maxSkew is seconds, null meaning the library's default (300).
 */
final class Paysign
{
    /** The declarations of paysign.h that PHP's FFI::cdef can read (no preprocessor lines). */
    private const CDEF = <<<'C'
        typedef int32_t paysign_status;
        const char *paysign_version(void);
        paysign_status paysign_last_error(char *buf, size_t cap, size_t *len);
        paysign_status paysign_last_field(char *buf, size_t cap, size_t *len);
        paysign_status paysign_last_reason(char *buf, size_t cap, size_t *len);
        paysign_status paysign_x_pay_token(const char *shared_secret, const char *resource_path,
            const char *query_string, const char *body, size_t body_len, int64_t timestamp,
            char *out, size_t out_cap, size_t *out_len);
        paysign_status paysign_cybersource_signature(const char *key_id, const char *shared_secret,
            const char *merchant_id, const char *host, const char *method, const char *request_target,
            const char *body, size_t body_len, const char *date, char *out, size_t out_cap, size_t *out_len);
        paysign_status paysign_paysimple_header(const char *username, const char *api_key,
            const char *timestamp, char *out, size_t out_cap, size_t *out_len);
        paysign_status paysign_verify_x_pay_token(const char *shared_secret, const char *token,
            const char *resource_path, const char *query_string, const char *body, size_t body_len,
            int64_t now, int64_t max_skew);
        paysign_status paysign_verify_cybersource_signature(const char *shared_secret, const char *headers,
            const char *method, const char *request_target, const char *body, size_t body_len,
            int64_t now, int64_t max_skew);
        paysign_status paysign_verify_paysimple_header(const char *header, const char *api_key,
            int64_t now, int64_t max_skew);
        paysign_status paysign_x_pay_sign_request(const char *api_key, const char *shared_secret,
            const char *method, const char *url, const char *body, size_t body_len, int64_t timestamp,
            int32_t full_path, char *out_url, size_t out_url_cap, size_t *out_url_len,
            char *out_headers, size_t out_headers_cap, size_t *out_headers_len);
        paysign_status paysign_cybersource_sign_request(const char *merchant_id, const char *key_id,
            const char *shared_secret, const char *method, const char *url, const char *body,
            size_t body_len, int64_t unix_time, char *out_url, size_t out_url_cap, size_t *out_url_len,
            char *out_headers, size_t out_headers_cap, size_t *out_headers_len);
        paysign_status paysign_paysimple_sign_request(const char *username, const char *api_key,
            const char *method, const char *url, const char *body, size_t body_len, int64_t unix_time,
            uint32_t nanos, char *out_url, size_t out_url_cap, size_t *out_url_len,
            char *out_headers, size_t out_headers_cap, size_t *out_headers_len);
        paysign_status paysign_hmac_sha256(const char *key, size_t key_len, const char *data,
            size_t data_len, char *out, size_t out_cap, size_t *out_len);
        C;
    // (The bodies, keys and the HMAC output are uint8_t in paysign.h: declared as char here,
    // the same ABI, so that PHP passes its strings as they are.)

    /** PAYSIGN_NOW and PAYSIGN_DEFAULT_MAX_SKEW (INT64_MIN). */
    private const NOW = PHP_INT_MIN;

    private const OK = 0, NULL_ARGUMENT = 1, INVALID_UTF8 = 2, INVALID_ARGUMENT = 3,
        BUFFER_TOO_SMALL = 4, VERIFICATION_FAILED = 5;

    private static ?FFI $ffi = null;

    private static function lib(): FFI
    {
        if (self::$ffi === null) {
            $path = getenv('PAYSIGN_LIB');
            self::$ffi = FFI::cdef(self::CDEF, $path !== false && $path !== '' ? $path : 'libpaysign.so');
        }
        return self::$ffi;
    }

    /** The library's version, e.g. "0.1.0". */
    public static function version(): string
    {
        return (string) self::lib()->paysign_version(); // FFI returns a const char * as a PHP string
    }

    /** The x-pay-token value xv2:<timestamp>:<hex> over exactly these parts. */
    public static function xPayToken(
        string $sharedSecret,
        string $resourcePath,
        string $queryString,
        string $body = '',
        ?int $timestamp = null,
    ): string {
        self::text(['shared_secret' => $sharedSecret, 'resource_path' => $resourcePath, 'query_string' => $queryString]);
        return self::output(64, fn ($o, $c, $l) => self::lib()->paysign_x_pay_token(
            $sharedSecret, $resourcePath, $queryString, $body, strlen($body), $timestamp ?? self::NOW, $o, $c, $l));
    }

    /**
     * The CyberSource headers to send, in order (v-c-merchant-id, Date, Host,
     * Digest for POST/PUT/PATCH, Signature). $date: an IMF-fixdate, or null for now.
     *
     * @return array<string, string>
     */
    public static function cybersourceSignature(
        string $keyId,
        string $sharedSecret,
        string $merchantId,
        string $host,
        string $method,
        string $requestTarget,
        string $body = '',
        ?string $date = null,
    ): array {
        self::text(['key_id' => $keyId, 'shared_secret' => $sharedSecret, 'merchant_id' => $merchantId,
            'host' => $host, 'method' => $method, 'request_target' => $requestTarget, 'date' => $date]);
        $guess = 512 + strlen($keyId . $sharedSecret . $merchantId . $host . $requestTarget);
        return self::headers(self::output($guess, fn ($o, $c, $l) => self::lib()->paysign_cybersource_signature(
            $keyId, $sharedSecret, $merchantId, $host, $method, $requestTarget, $body, strlen($body), $date,
            $o, $c, $l)));
    }

    /** The PaySimple Authorization value. $timestamp: ISO-8601 text signed as given, or null for now. */
    public static function paysimpleHeader(string $username, string $apiKey, ?string $timestamp = null): string
    {
        self::text(['username' => $username, 'api_key' => $apiKey, 'timestamp' => $timestamp]);
        return self::output(128 + strlen($username . $timestamp), fn ($o, $c, $l) =>
            self::lib()->paysign_paysimple_header($username, $apiKey, $timestamp, $o, $c, $l));
    }

    /**
     * Signs a whole X-Pay request from its URL: the URL to send (query sorted,
     * apikey added) and the headers. $fullPath signs the whole path.
     */
    public static function xPaySignRequest(
        string $apiKey,
        string $sharedSecret,
        string $method,
        string $url,
        string $body = '',
        bool $fullPath = false,
        ?int $timestamp = null,
    ): SignedRequest {
        self::text(['api_key' => $apiKey, 'shared_secret' => $sharedSecret, 'method' => $method, 'url' => $url]);
        return self::outputs(strlen($apiKey . $url), fn ($o1, $c1, $l1, $o2, $c2, $l2) =>
            self::lib()->paysign_x_pay_sign_request($apiKey, $sharedSecret, $method, $url, $body, strlen($body),
                $timestamp ?? self::NOW, $fullPath ? 1 : 0, $o1, $c1, $l1, $o2, $c2, $l2));
    }

    /** Signs a whole CyberSource request from its URL (Host and target from the URL). */
    public static function cybersourceSignRequest(
        string $merchantId,
        string $keyId,
        string $sharedSecret,
        string $method,
        string $url,
        string $body = '',
        ?int $unixTime = null,
    ): SignedRequest {
        self::text(['merchant_id' => $merchantId, 'key_id' => $keyId, 'shared_secret' => $sharedSecret,
            'method' => $method, 'url' => $url]);
        return self::outputs(strlen($merchantId . $keyId . $url), fn ($o1, $c1, $l1, $o2, $c2, $l2) =>
            self::lib()->paysign_cybersource_sign_request($merchantId, $keyId, $sharedSecret, $method, $url, $body,
                strlen($body), $unixTime ?? self::NOW, $o1, $c1, $l1, $o2, $c2, $l2));
    }

    /** Signs a whole PaySimple request at $unixTime + $nanos (UTC), or now when $unixTime is null. */
    public static function paysimpleSignRequest(
        string $username,
        string $apiKey,
        string $method,
        string $url,
        string $body = '',
        ?int $unixTime = null,
        int $nanos = 0,
    ): SignedRequest {
        self::text(['username' => $username, 'api_key' => $apiKey, 'method' => $method, 'url' => $url]);
        if ($nanos < 0 || $nanos > 0xFFFFFFFF) {
            throw new PaysignException("nanos: does not fit a uint32_t", 'nanos');
        }
        return self::outputs(strlen($username . $url), fn ($o1, $c1, $l1, $o2, $c2, $l2) =>
            self::lib()->paysign_paysimple_sign_request($username, $apiKey, $method, $url, $body, strlen($body),
                $unixTime ?? self::NOW, $nanos, $o1, $c1, $l1, $o2, $c2, $l2));
    }

    /** HMAC-SHA256 of $data under $key: 32 raw bytes. */
    public static function hmacSha256(string $key, string $data): string
    {
        $out = FFI::new('char[32]');
        $len = FFI::new('size_t');
        self::check(self::lib()->paysign_hmac_sha256($key, strlen($key), $data, strlen($data), $out, 32,
            FFI::addr($len)));
        return FFI::string($out, 32);
    }

    /**
     * Verifies a received X-Pay-Token against the request's parts.
     *
     * @throws VerificationException when it does not verify; getReason() says why
     */
    public static function verifyXPayToken(
        string $sharedSecret,
        string $token,
        string $resourcePath,
        string $queryString,
        string $body = '',
        ?int $now = null,
        ?int $maxSkew = null,
    ): void {
        self::text(['shared_secret' => $sharedSecret, 'token' => $token, 'resource_path' => $resourcePath,
            'query_string' => $queryString]);
        self::check(self::lib()->paysign_verify_x_pay_token($sharedSecret, $token, $resourcePath, $queryString,
            $body, strlen($body), $now ?? self::NOW, $maxSkew ?? self::NOW));
    }

    /**
     * Verifies a received CyberSource request. $headers: the received headers,
     * name => value (names in any case, other headers allowed), e.g. getallheaders().
     *
     * @param array<string, string> $headers
     * @throws VerificationException when it does not verify; getReason() says why
     */
    public static function verifyCybersourceSignature(
        string $sharedSecret,
        array $headers,
        string $method,
        string $requestTarget,
        string $body = '',
        ?int $now = null,
        ?int $maxSkew = null,
    ): void {
        $block = '';
        foreach ($headers as $name => $value) {
            $name = (string) $name;
            if (!is_string($value) || strpbrk($name, ":\r\n") !== false || strpbrk($value, "\r\n") !== false) {
                throw new PaysignException(
                    "headers: a name holds ':' or a line break, or a value is not a string without line breaks",
                    'headers',
                );
            }
            $block .= "$name: $value\r\n";
        }
        self::text(['shared_secret' => $sharedSecret, 'headers' => $block, 'method' => $method,
            'request_target' => $requestTarget]);
        self::check(self::lib()->paysign_verify_cybersource_signature($sharedSecret, $block, $method,
            $requestTarget, $body, strlen($body), $now ?? self::NOW, $maxSkew ?? self::NOW));
    }

    /**
     * Verifies a received PaySimple Authorization value (used exactly, not trimmed).
     *
     * @throws VerificationException when it does not verify; getReason() says why
     */
    public static function verifyPaysimpleHeader(
        string $header,
        string $apiKey,
        ?int $now = null,
        ?int $maxSkew = null,
    ): void {
        self::text(['header' => $header, 'api_key' => $apiKey]);
        self::check(self::lib()->paysign_verify_paysimple_header($header, $apiKey, $now ?? self::NOW,
            $maxSkew ?? self::NOW));
    }

    // ------------------------------------------------------------- conversion

    /**
     * C text cannot carry NUL: refuse it rather than let the library see a
     * shorter string. (PHP strings are already NUL-terminated bytes.)
     *
     * @param array<string, ?string> $fields
     */
    private static function text(array $fields): void
    {
        foreach ($fields as $field => $value) {
            if ($value !== null && str_contains($value, "\0")) {
                throw new PaysignException("$field: contains U+0000, which C text cannot carry", $field);
            }
        }
    }

    /** @return array<string, string> */
    private static function headers(string $block): array
    {
        $headers = [];
        foreach (explode("\r\n", $block) as $line) {
            $sep = strpos($line, ': ');
            if ($sep !== false && $sep > 0) {
                $headers[substr($line, 0, $sep)] = substr($line, $sep + 2);
            }
        }
        return $headers;
    }

    /** Calls with a buffer, and again with the size the library asks for if it was too small. */
    private static function output(int $cap, callable $call): string
    {
        $cap += 128;
        $len = FFI::new('size_t');
        for (;;) {
            $out = FFI::new("char[$cap]");
            $status = $call($out, $cap, FFI::addr($len));
            if ($status !== self::BUFFER_TOO_SMALL) {
                break;
            }
            $cap = $len->cdata + 1;
        }
        self::check($status);
        return FFI::string($out, $len->cdata);
    }

    private static function outputs(int $guess, callable $call): SignedRequest
    {
        $urlCap = $guess + 256;
        $headersCap = $guess + 1024;
        $urlLen = FFI::new('size_t');
        $headersLen = FFI::new('size_t');
        for (;;) {
            $url = FFI::new("char[$urlCap]");
            $headers = FFI::new("char[$headersCap]");
            $status = $call($url, $urlCap, FFI::addr($urlLen), $headers, $headersCap, FFI::addr($headersLen));
            if ($status !== self::BUFFER_TOO_SMALL) {
                break;
            }
            $urlCap = $urlLen->cdata + 1;
            $headersCap = $headersLen->cdata + 1;
        }
        self::check($status);
        return new SignedRequest(FFI::string($url, $urlLen->cdata),
            self::headers(FFI::string($headers, $headersLen->cdata)));
    }

    /** A status as an exception, with the last failure's message, field and reason. */
    private static function check(int $status): void
    {
        if ($status === self::OK) {
            return;
        }
        $message = self::last('paysign_last_error');
        $field = self::last('paysign_last_field');
        switch ($status) {
            case self::NULL_ARGUMENT:
            case self::INVALID_UTF8:
            case self::INVALID_ARGUMENT:
                throw new PaysignException($message, $field === '' ? null : $field);
            case self::VERIFICATION_FAILED:
                throw new VerificationException($message, self::last('paysign_last_reason'));
            default:
                throw new \RuntimeException("paysign: status $status: $message");
        }
    }

    private static function last(string $getter): string
    {
        $cap = 512;
        $len = FFI::new('size_t');
        for (;;) {
            $buf = FFI::new("char[$cap]");
            $status = self::lib()->$getter($buf, $cap, FFI::addr($len));
            if ($status !== self::BUFFER_TOO_SMALL) {
                return $status === self::OK ? FFI::string($buf, $len->cdata) : '';
            }
            $cap = $len->cdata + 1;
        }
    }
}

<?php

declare(strict_types=1);

namespace Paysign;


/**
 * Signing and verification of Visa X-Pay-Token, CyberSource HTTP Signature
 * (and webhook v-c-signature) and PaySimple PSSERVER requests, explain and
 * diagnose, over the C library libpaysign (PHP 8 FFI).
 *
 * Every rule lives in the library; these classes only convert values and map
 * status codes to exceptions: a bad argument is a PaysignException (an
 * \InvalidArgumentException naming the argument), a request that does not
 * verify a VerificationException with a stable reason code. Results are read
 * from the library's objects (no text is parsed); headers go in as arrays.
 *
 * The library is $PAYSIGN_LIB (a full path to libpaysign.so) when that
 * variable is set, else "libpaysign.so" as dlopen finds it: LD_LIBRARY_PATH,
 * the ld.so cache, /usr/lib. FFI must be enabled (ffi.enable: the CLI's
 * default "preload" allows it; set ffi.enable=true for a web SAPI).
 *
 * Times are Unix seconds, null meaning now. Bodies are strings of bytes.
 * $maxSkew is seconds, null meaning the default window (300 s).
 */
final class Paysign
{
    /** The library's version, e.g. "0.1.0". */
    public static function version(): string
    {
        return Lib::ffi()->paysign_version();
    }

    /** The x-pay-token value xv2:<timestamp>:<hex> over exactly these parts. */
    public static function xPayToken(
        string $sharedSecret,
        string $resourcePath,
        string $queryString,
        string $body = '',
        ?int $timestamp = null,
    ): string {
        Lib::text(['shared_secret' => $sharedSecret, 'resource_path' => $resourcePath, 'query_string' => $queryString]);
        return Lib::output(fn ($o, $c, $l) => Lib::ffi()->paysign_x_pay_token(
            $sharedSecret, $resourcePath, $queryString, $body, strlen($body), $timestamp ?? Lib::NOW, $o, $c, $l));
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
        Lib::text(['key_id' => $keyId, 'shared_secret' => $sharedSecret, 'merchant_id' => $merchantId,
            'host' => $host, 'method' => $method, 'request_target' => $requestTarget, 'date' => $date]);
        $signed = Lib::result('paysign_signed', fn ($out) => Lib::ffi()->paysign_cybersource_signature(
            $keyId, $sharedSecret, $merchantId, $host, $method, $requestTarget, $body, strlen($body), $date, $out));
        try {
            return Lib::signedHeaders($signed);
        } finally {
            Lib::ffi()->paysign_signed_free($signed);
        }
    }

    /** The PaySimple Authorization value; $timestamp: ISO-8601 text signed as given, or null for now. */
    public static function paysimpleHeader(string $username, string $apiKey, ?string $timestamp = null): string
    {
        Lib::text(['username' => $username, 'api_key' => $apiKey, 'timestamp' => $timestamp]);
        return Lib::output(fn ($o, $c, $l) => Lib::ffi()->paysign_paysimple_header($username, $apiKey, $timestamp, $o, $c, $l));
    }

    /** The webhook v-c-signature value of a raw body; $timestampMs: Unix milliseconds, or null for now. */
    public static function cybersourceWebhookSignature(string $keyId, string $key, string $body, ?int $timestampMs = null): string
    {
        Lib::text(['key_id' => $keyId, 'key' => $key]);
        return Lib::output(fn ($o, $c, $l) => Lib::ffi()->paysign_cybersource_webhook_signature(
            $keyId, $key, $body, strlen($body), $timestampMs ?? Lib::NOW, $o, $c, $l));
    }

    /** HMAC-SHA256 of $data under $key: 32 raw bytes. */
    public static function hmacSha256(string $key, string $data): string
    {
        $ffi = Lib::ffi();
        $out = $ffi->new('char[32]');
        $len = $ffi->new('size_t');
        Lib::check($ffi->paysign_hmac_sha256($key, strlen($key), $data, strlen($data), $out, 32, \FFI::addr($len)));
        return \FFI::string($out, $len->cdata);
    }

    /** CyberSource's Digest value of a body: SHA-256=<base64>. */
    public static function digest(string $body): string
    {
        return Lib::output(fn ($o, $c, $l) => Lib::ffi()->paysign_digest($body, strlen($body), $o, $c, $l));
    }

    /** Unix seconds as an IMF-fixdate: "Thu, 18 Jul 2019 00:18:03 GMT". */
    public static function imfFixdate(int $unixTime): string
    {
        return Lib::output(fn ($o, $c, $l) => Lib::ffi()->paysign_imf_fixdate($unixTime, $o, $c, $l));
    }

    /** Verifies a received X-Pay-Token; throws VerificationException when it does not verify. */
    public static function verifyXPayToken(
        string $sharedSecret,
        string $token,
        string $resourcePath,
        string $queryString,
        string $body = '',
        ?int $now = null,
        ?int $maxSkew = null,
    ): void {
        Lib::text(['shared_secret' => $sharedSecret, 'token' => $token, 'resource_path' => $resourcePath,
            'query_string' => $queryString]);
        Lib::check(Lib::ffi()->paysign_verify_x_pay_token($sharedSecret, $token, $resourcePath, $queryString,
            $body, strlen($body), $now ?? Lib::NOW, $maxSkew ?? Lib::NOW));
    }

    /**
     * Verifies a received CyberSource request from its headers (getallheaders():
     * names in any case; or [name, value] pairs).
     *
     * @param array<string, string>|list<array{0: string, 1: string}> $headers
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
        Lib::text(['shared_secret' => $sharedSecret, 'method' => $method, 'request_target' => $requestTarget]);
        $keep = [];
        [$names, $values, $count] = Lib::headers($headers, $keep);
        Lib::check(Lib::ffi()->paysign_verify_cybersource_signature($sharedSecret, $names, $values, $count, $method,
            $requestTarget, $body, strlen($body), $now ?? Lib::NOW, $maxSkew ?? Lib::NOW));
    }

    /** Verifies a received PaySimple Authorization value (used exactly, not trimmed). */
    public static function verifyPaysimpleHeader(string $header, string $apiKey, ?int $now = null, ?int $maxSkew = null): void
    {
        Lib::text(['header' => $header, 'api_key' => $apiKey]);
        Lib::check(Lib::ffi()->paysign_verify_paysimple_header($header, $apiKey, $now ?? Lib::NOW, $maxSkew ?? Lib::NOW));
    }

    /** What X-Pay signs for this request; $sharedSecret null explains it without the token. */
    public static function explainXPayToken(
        string $apiKey,
        ?string $sharedSecret,
        string $method,
        string $url,
        string $body = '',
        bool $fullPath = false,
        ?SignTime $time = null,
    ): Explanation {
        $t = $time ?? SignTime::now();
        Lib::text(['api_key' => $apiKey, 'shared_secret' => $sharedSecret, 'method' => $method, 'url' => $url,
            'time_text' => $t->text]);
        return self::explanation(fn ($out) => Lib::ffi()->paysign_explain_x_pay_token($apiKey, $sharedSecret, $method,
            $url, $body, strlen($body), $fullPath ? 1 : 0, $t->unixTime, $t->nanos, $t->text, $out));
    }

    /** What CyberSource signs for this request; $sharedSecret null explains it without the headers. */
    public static function explainCybersourceSignature(
        string $merchantId,
        string $keyId,
        ?string $sharedSecret,
        string $method,
        string $url,
        string $body = '',
        ?SignTime $time = null,
    ): Explanation {
        $t = $time ?? SignTime::now();
        Lib::text(['merchant_id' => $merchantId, 'key_id' => $keyId, 'shared_secret' => $sharedSecret,
            'method' => $method, 'url' => $url, 'time_text' => $t->text]);
        return self::explanation(fn ($out) => Lib::ffi()->paysign_explain_cybersource_signature($merchantId, $keyId,
            $sharedSecret, $method, $url, $body, strlen($body), $t->unixTime, $t->nanos, $t->text, $out));
    }

    /** What PaySimple signs; $apiKey null explains it without the header. */
    public static function explainPaysimpleHeader(string $username, ?string $apiKey = null, ?SignTime $time = null): Explanation
    {
        $t = $time ?? SignTime::now();
        Lib::text(['username' => $username, 'api_key' => $apiKey, 'time_text' => $t->text]);
        return self::explanation(fn ($out) => Lib::ffi()->paysign_explain_paysimple_header($username, $apiKey,
            $t->unixTime, $t->nanos, $t->text, $out));
    }

    /**
     * What a webhook notification's v-c-signature signs (<t>.<body>, t in Unix
     * milliseconds); $key null explains it without the header.
     */
    public static function explainCybersourceWebhook(
        string $keyId,
        ?string $key = null,
        string $body = '',
        ?SignTime $time = null,
    ): Explanation {
        $t = $time ?? SignTime::now();
        Lib::text(['key_id' => $keyId, 'key' => $key, 'time_text' => $t->text]);
        return self::explanation(fn ($out) => Lib::ffi()->paysign_explain_cybersource_webhook($keyId, $key, $body,
            strlen($body), $t->unixTime, $t->nanos, $t->text, $out));
    }

    /** Which known mistakes produced this token; $time: when it was made, if known. */
    public static function diagnoseXPayToken(
        string $token,
        string $apiKey,
        string $sharedSecret,
        string $method,
        string $url,
        string $body = '',
        bool $fullPath = false,
        ?SignTime $time = null,
    ): Diagnosis {
        $t = $time ?? SignTime::now();
        Lib::text(['token' => $token, 'api_key' => $apiKey, 'shared_secret' => $sharedSecret, 'method' => $method,
            'url' => $url, 'time_text' => $t->text]);
        return self::diagnosis(fn ($out) => Lib::ffi()->paysign_diagnose_x_pay_token($token, $apiKey, $sharedSecret,
            $method, $url, $body, strlen($body), $fullPath ? 1 : 0, $t->unixTime, $t->nanos, $t->text, $out));
    }

    /**
     * Which known mistakes produced the CyberSource headers received.
     *
     * @param array<string, string>|list<array{0: string, 1: string}> $headers
     */
    public static function diagnoseCybersourceSignature(
        array $headers,
        string $merchantId,
        string $keyId,
        string $sharedSecret,
        string $method,
        string $url,
        string $body = '',
        ?SignTime $time = null,
    ): Diagnosis {
        $t = $time ?? SignTime::now();
        Lib::text(['merchant_id' => $merchantId, 'key_id' => $keyId, 'shared_secret' => $sharedSecret,
            'method' => $method, 'url' => $url, 'time_text' => $t->text]);
        $keep = [];
        [$names, $values, $count] = Lib::headers($headers, $keep);
        return self::diagnosis(fn ($out) => Lib::ffi()->paysign_diagnose_cybersource_signature($names, $values, $count,
            $merchantId, $keyId, $sharedSecret, $method, $url, $body, strlen($body), $t->unixTime, $t->nanos, $t->text, $out));
    }

    /**
     * Which known mistakes produced the webhook headers received with this raw
     * body; $time stands in for the notification's time only when its t= is
     * unreadable.
     *
     * @param array<string, string>|list<array{0: string, 1: string}> $headers
     */
    public static function diagnoseCybersourceWebhook(
        array $headers,
        string $keyId,
        string $key,
        string $body = '',
        ?SignTime $time = null,
    ): Diagnosis {
        $t = $time ?? SignTime::now();
        Lib::text(['key_id' => $keyId, 'key' => $key, 'time_text' => $t->text]);
        $keep = [];
        [$names, $values, $count] = Lib::headers($headers, $keep);
        return self::diagnosis(fn ($out) => Lib::ffi()->paysign_diagnose_cybersource_webhook($names, $values, $count,
            $keyId, $key, $body, strlen($body), $t->unixTime, $t->nanos, $t->text, $out));
    }

    /** Which known mistakes produced this Authorization; $signedTimestamp: the text signed, if known. */
    public static function diagnosePaysimpleHeader(
        string $authorization,
        string $username,
        string $apiKey,
        ?string $signedTimestamp = null,
    ): Diagnosis {
        Lib::text(['authorization' => $authorization, 'username' => $username, 'api_key' => $apiKey,
            'signed_timestamp' => $signedTimestamp]);
        return self::diagnosis(fn ($out) => Lib::ffi()->paysign_diagnose_paysimple_header($authorization, $username,
            $apiKey, $signedTimestamp, $out));
    }

    private static function explanation(callable $call): Explanation
    {
        $ffi = Lib::ffi();
        $e = Lib::result('paysign_explanation', $call);
        try {
            $len = $ffi->new('size_t');
            $signed = $ffi->paysign_explanation_signed($e, \FFI::addr($len));
            $parts = [];
            for ($i = 0, $n = $ffi->paysign_explanation_part_count($e); $i < $n; $i++) {
                $parts[] = new ExplanationPart($ffi->paysign_explanation_part_name($e, $i),
                    $ffi->paysign_explanation_part_value($e, $i), $ffi->paysign_explanation_part_why($e, $i));
            }
            $headers = [];
            for ($i = 0, $n = $ffi->paysign_explanation_header_count($e); $i < $n; $i++) {
                $headers[$ffi->paysign_explanation_header_name($e, $i)] = $ffi->paysign_explanation_header_value($e, $i);
            }
            return new Explanation($ffi->paysign_explanation_scheme($e),
                $len->cdata > 0 ? \FFI::string($signed, $len->cdata) : '', $parts, $headers,
                $ffi->paysign_explanation_text($e));
        } finally {
            $ffi->paysign_explanation_free($e);
        }
    }

    private static function diagnosis(callable $call): Diagnosis
    {
        $ffi = Lib::ffi();
        $d = Lib::result('paysign_diagnosis', $call);
        try {
            $mistakes = [];
            for ($i = 0, $n = $ffi->paysign_diagnosis_mistake_count($d); $i < $n; $i++) {
                $mistakes[] = $ffi->paysign_diagnosis_mistake($d, $i);
            }
            return new Diagnosis($ffi->paysign_diagnosis_valid($d) !== 0, $mistakes,
                $ffi->paysign_diagnosis_message($d), $ffi->paysign_diagnosis_expected($d));
        } finally {
            $ffi->paysign_diagnosis_free($d);
        }
    }
}
